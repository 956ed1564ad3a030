/**
 * Where git looks for this repository's hooks: `core.hooksPath` when set (husky sets it to
 * `.husky/_`), else `hooks/` in the common git directory (shared by every linked worktree).
 * `git rev-parse --git-path hooks` answers both, relative to the folder it ran in.
 */
import { resolve } from 'node:path';
import { GitError } from '../core/errors.js';
import { createGitClient } from './create-git-client.js';
import { locateRepository } from './locate-repository.js';
import { quietProbe } from './quiet-probe.js';

export interface HooksLocation {
  /** Top of the work tree. */
  root: string;
  /** Absolute folder git runs hooks from. */
  hooksDir: string;
  /** `core.hooksPath` as configured, when it is. */
  hooksPath: string | undefined;
}

export async function locateHooks(cwd: string): Promise<HooksLocation> {
  const located = await locateRepository(cwd);
  if (located.kind !== 'repository') {
    throw new GitError(`${located.reason}; a pre-push hook needs a git repository (run it in your project's checkout)`);
  }
  const root = located.repository.root;
  const git = createGitClient(root, { LC_ALL: 'C' });
  const hooksDir = (await git.raw(['rev-parse', '--git-path', 'hooks'])).trim();
  const hooksPath = await quietProbe(git, ['config', '--get', 'core.hooksPath']);
  return { root, hooksDir: resolve(root, hooksDir), hooksPath };
}
