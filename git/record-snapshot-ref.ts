/**
 * Ref mode: records the working tree as it is — tracked files with their changes, and the
 * untracked ones when git.untracked says so (never ignored or secret-looking ones, see
 * stage-working-tree.ts) — as a commit on a side ref, leaving everything the user owns exactly as it was:
 * branch, HEAD, index, stash, config, working tree.
 *
 * The trick is a private index: GIT_INDEX_FILE points at a copy in a temp folder, `add`
 * stages the working tree into the copy, and plumbing (`write-tree`, `commit-tree`,
 * `update-ref`) turns it into a commit without going near HEAD. The copy starts from the
 * user's index rather than from HEAD: its cached file stats let `add` skip re-hashing every
 * unchanged file, and it carries sparse-checkout (skip-worktree) entries, which a fresh
 * `read-tree HEAD` would record as deleted. Without a user index, HEAD seeds it.
 *
 * When the working tree is exactly HEAD's tree, the ref points at HEAD itself (status
 * `unchanged`): the iteration ran on that commit, and no look-alike commit is made.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../core/logger.js';
import { createGitClient } from './create-git-client.js';
import { fallbackIdentity } from './fallback-identity.js';
import type { Repository } from './locate-repository.js';
import { readHead } from './read-head.js';
import { describeLeftOut, stageWorkingTree } from './stage-working-tree.js';
import { treeOf } from './tree-of.js';
import type { UntrackedPolicy } from './types.js';

export interface RecordedRef {
  status: 'recorded' | 'unchanged';
  sha: string;
  ref: string;
  /** Untracked files left out, if any (one line). */
  leftOut?: string;
}

export async function recordSnapshotRef(
  repository: Repository,
  ref: string,
  message: string,
  untracked: UntrackedPolicy,
  logger: Logger,
): Promise<RecordedRef> {
  const git = createGitClient(repository.root);
  const head = await readHead(git);
  const scratch = await mkdtemp(join(tmpdir(), 'etl-cycle-index-'));
  try {
    const indexFile = join(scratch, 'index');
    const seededFromUserIndex = await copyFile(repository.indexFile, indexFile).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    const staging = createGitClient(repository.root, { GIT_INDEX_FILE: indexFile, ...(await fallbackIdentity(git)) });
    if (!seededFromUserIndex && head.sha !== undefined) await staging.raw(['read-tree', head.sha]);
    logger.debug('staging the working tree into a private index', { root: repository.root, seededFromUserIndex, untracked });
    const leftOut = describeLeftOut(await stageWorkingTree(staging, untracked));
    const tree = (await staging.raw(['write-tree'])).trim();

    if (head.sha !== undefined && (await treeOf(git, head.sha)) === tree) {
      await git.raw(['update-ref', '-m', 'etl-cycle: snapshot', ref, head.sha]);
      return { status: 'unchanged', sha: head.sha, ref, leftOut };
    }
    // No signing: a side ref is a record for etl-cycle, and a signing prompt would hang the run.
    const parent = head.sha === undefined ? [] : ['-p', head.sha];
    const sha = (await staging.raw(['commit-tree', '--no-gpg-sign', ...parent, '-m', message, tree])).trim();
    await git.raw(['update-ref', '-m', 'etl-cycle: snapshot', ref, sha]);
    return { status: 'recorded', sha, ref, leftOut };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
