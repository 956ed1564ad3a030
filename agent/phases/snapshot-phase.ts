/**
 * Step 1: record the repository state the iteration runs against. A failing git step is
 * reported, not fatal, unless git.required says so. The git module (and simple-git with it) is
 * loaded on the first snapshot, never with `git.mode: off`: a run that does not use git does
 * not pay for loading it.
 */
import type { SnapshotResult } from '../../git/types.js';
import type { RunEnvironment } from '../run-environment.js';

export interface SnapshotPhaseResult {
  snapshot: SnapshotResult;
  fatal?: string;
}

export async function runSnapshotPhase(env: RunEnvironment, iteration: number): Promise<SnapshotPhaseResult> {
  const { config } = env;
  if (config.git.mode === 'off') return { snapshot: { status: 'skipped', message: 'git mode is off', durationMs: 0 } };
  const { snapshotRepository } = await import('../../git/snapshot.js');
  const snapshot = await snapshotRepository(
    {
      cwd: config.dir,
      mode: config.git.mode,
      executionId: env.executionId,
      iteration,
      ci: env.ci,
      refPrefix: config.git.refPrefix,
      remote: config.git.remote,
      untracked: config.git.untracked,
      message: `etl-cycle ${env.executionId} iteration ${iteration}`,
    },
    env.logger,
  );

  if (snapshot.status === 'not_a_repository') {
    if (!env.notices.has('not_a_repository')) {
      env.notices.add('not_a_repository');
      env.observer.warning(`${config.dir} is not inside a git repository: iterations run without snapshots`);
    }
    return { snapshot, fatal: config.git.required ? `git.required is set but ${config.dir} is not a git repository` : undefined };
  }
  if (snapshot.status === 'failed') {
    env.observer.warning(`git snapshot failed: ${snapshot.message ?? 'unknown error'}`);
    return { snapshot, fatal: config.git.required ? `git snapshot failed (git.required is set): ${snapshot.message ?? ''}` : undefined };
  }
  if (snapshot.message) env.logger.info(snapshot.message, { iteration });
  // Once per run, after this run's first ref exists: older executions' refs beyond the limit go.
  if (iteration === 1 && config.git.mode === 'ref' && snapshot.ref !== undefined) {
    const { pruneSnapshotRefs } = await import('../../git/prune-snapshot-refs.js');
    const pruned = await pruneSnapshotRefs(
      { cwd: config.dir, refPrefix: config.git.refPrefix, keepExecutions: config.git.keepExecutions },
      env.logger,
    );
    if (pruned.deleted > 0)
      env.logger.info(`deleted ${pruned.deleted} snapshot ref(s) of executions older than the newest ${config.git.keepExecutions}`);
  }
  return { snapshot };
}
