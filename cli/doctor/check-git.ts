/**
 * The repository state the git snapshot (git.mode) needs: a work tree (required when
 * git.required is set), no merge or rebase half done for `commit` mode, the branch and how many
 * changes the snapshot will record.
 */
import type { EtlCycleConfig } from '../../config/types.js';
import { createGitClient } from '../../git/create-git-client.js';
import { findOperationInProgress } from '../../git/find-operation-in-progress.js';
import { locateRepository } from '../../git/locate-repository.js';
import { readHead } from '../../git/read-head.js';
import { fail, ok, warn } from './doctor-check.js';
import type { CheckResult } from './doctor-check.js';

export async function checkGit(config: EtlCycleConfig): Promise<CheckResult> {
  const mode = config.git.mode;
  if (mode === 'off') return ok('git', 'snapshots off (git.mode: off)');
  const located = await locateRepository(config.dir).catch((error: Error) => ({ kind: 'failed' as const, reason: error.message }));
  if (located.kind !== 'repository') {
    const text = `${located.reason}: git.mode ${mode} records no snapshot`;
    return config.git.required
      ? fail('git', `${text}, and git.required is set: run inside a git work tree or set git.required: false`)
      : warn('git', text);
  }
  const { root, gitDir } = located.repository;
  const git = createGitClient(root, { LC_ALL: 'C' });
  const head = await readHead(git);
  const changes = (await git.raw(['status', '--porcelain'])).split('\n').filter((line) => line.trim() !== '').length;
  const operation = await findOperationInProgress(gitDir);
  const where = `${root}, ${head.branch ? `branch ${head.branch}` : 'detached HEAD'}${head.sha ? ` at ${head.sha.slice(0, 8)}` : ' (no commit yet)'}, ${changes} uncommitted change(s)`;
  if (operation && mode !== 'ref')
    return fail('git', `${where}; ${operation} is in progress: finish or abort it first (git.mode ${mode} commits)`);
  if (operation) return warn('git', `${where}; ${operation} is in progress`);
  return ok('git', `${where}; git.mode ${mode}`);
}
