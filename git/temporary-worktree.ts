/**
 * A throwaway checkout of one commit, for testing exactly what is pushed: `git worktree add
 * --detach` into a temp folder (no branch is created or moved; the user's branch, index and
 * work tree are untouched), and its removal, which also forgets it in the repository's
 * worktree list. Removing is safe to call on a half-made worktree.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitError } from '../core/errors.js';
import { createGitClient } from './create-git-client.js';
import { gitFailureMessage } from './git-failure-message.js';

export interface TemporaryWorktree {
  dir: string;
  sha: string;
  remove(): Promise<void>;
}

export async function addTemporaryWorktree(repositoryRoot: string, commit: string): Promise<TemporaryWorktree> {
  const git = createGitClient(repositoryRoot, { LC_ALL: 'C' });
  const dir = await mkdtemp(join(tmpdir(), 'etl-cycle-push-'));
  const remove = async () => {
    await git.raw(['worktree', 'remove', '--force', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    // Forgets the worktree even when `remove` failed half-way (its folder is gone now).
    await git.raw(['worktree', 'prune']).catch(() => undefined);
  };
  try {
    const sha = (await git.raw(['rev-parse', '--verify', `${commit}^{commit}`])).trim();
    // No hooks for this checkout: a post-checkout hook (npm install, lefthook...) is the user's
    // business in their own tree, not in ours.
    await git.raw(['-c', 'core.hooksPath=/dev/null', 'worktree', 'add', '--detach', '--quiet', dir, sha]);
    return { dir, sha, remove };
  } catch (error) {
    await remove();
    throw new GitError(`cannot check out ${commit} into a temporary worktree: ${gitFailureMessage(error)}`, { cause: error });
  }
}
