/**
 * Commit mode: commits the changes on the current branch (tracked files; untracked ones with
 * git.untracked: include, never ignored or secret-looking ones), as the predecessor did — but
 * not on a detached HEAD (the commit would be lost on the next checkout) and not in the middle
 * of a merge or rebase (see find-operation-in-progress.ts).
 * The user's hooks and signing settings apply: it is a commit on their branch.
 */
import type { Logger } from '../core/logger.js';
import { createGitClient } from './create-git-client.js';
import { fallbackIdentity } from './fallback-identity.js';
import { findOperationInProgress } from './find-operation-in-progress.js';
import type { Repository } from './locate-repository.js';
import { readHead } from './read-head.js';
import { describeLeftOut, stageWorkingTree } from './stage-working-tree.js';
import { treeOf } from './tree-of.js';
import type { UntrackedPolicy } from './types.js';

export type CommitOutcome =
  | { status: 'committed'; sha: string; branch: string; leftOut?: string }
  | { status: 'unchanged'; sha: string | undefined; branch: string; leftOut?: string }
  | { status: 'failed'; message: string };

export async function commitWorkingTree(
  repository: Repository,
  message: string,
  untracked: UntrackedPolicy,
  logger: Logger,
): Promise<CommitOutcome> {
  const git = createGitClient(repository.root);
  const head = await readHead(git);
  if (head.branch === undefined) {
    return {
      status: 'failed',
      message: `HEAD is detached${head.sha ? ` at ${head.sha.slice(0, 12)}` : ''}: commit mode only commits on a branch; check out a branch, or use git mode "ref"`,
    };
  }
  const operation = await findOperationInProgress(repository.gitDir);
  if (operation !== undefined) {
    return {
      status: 'failed',
      message: `${operation} is in progress in ${repository.root}: commit mode will not commit in the middle of it; finish or abort it, or use git mode "ref"`,
    };
  }
  // Explicit: status.showUntrackedFiles=no in the user's config must not hide new files.
  const changes = await git.raw(['status', '--porcelain', '-z', '--untracked-files=normal']);
  if (changes === '') return { status: 'unchanged', sha: head.sha, branch: head.branch };

  logger.debug('staging changes for a commit', { root: repository.root, branch: head.branch, untracked });
  const leftOut = describeLeftOut(await stageWorkingTree(git, untracked));
  // A dirty submodule shows in status but stages nothing: then there is nothing to commit.
  const tree = (await git.raw(['write-tree'])).trim();
  if (head.sha !== undefined && (await treeOf(git, head.sha)) === tree)
    return { status: 'unchanged', sha: head.sha, branch: head.branch, leftOut };

  const identity = await fallbackIdentity(git);
  const committer = Object.keys(identity).length === 0 ? git : createGitClient(repository.root, identity);
  await committer.raw(['commit', '--quiet', '-m', message]);
  const sha = (await git.raw(['rev-parse', 'HEAD'])).trim();
  return { status: 'committed', sha, branch: head.branch, leftOut };
}
