/**
 * Steps 2 and 3: clean this project's labelled resources (deeper when the plan says so), then
 * recreate and start the services and wait until each is ready under the plan's deadlines.
 */
import type { CleanupResult, UpResult } from '../../docker/types.js';
import type { IterationPlan } from '../plan.js';
import type { RunEnvironment } from '../run-environment.js';

export async function runCleanupPhase(env: RunEnvironment, plan: IterationPlan, signal: AbortSignal): Promise<CleanupResult> {
  const removeOrphans = plan.removeOrphans || env.config.cleanup.removeOrphans;
  const removeVolumes = plan.recreateVolumes || env.config.cleanup.freshVolumes;
  env.stackWitness.forget();
  const result = await env.stack.cleanup({ removeVolumes, removeOrphans, signal });
  if (result.orphansKept.length > 0 && !env.notices.has('orphans')) {
    env.notices.add('orphans');
    env.observer.warning(
      `containers of services no longer in the Compose file were kept: ${result.orphansKept.map((r) => r.name).join(', ')} (cleanup.remove_orphans: true removes them)`,
    );
  }
  env.logger.info('cleanup done', {
    removed: result.removed.map((r) => `${r.kind}:${r.name}`),
    volumes: removeVolumes,
    orphans: removeOrphans,
  });
  return result;
}

export async function runRebuildPhase(env: RunEnvironment, plan: IterationPlan, signal: AbortSignal): Promise<UpResult> {
  const up = await env.stack.up({
    readiness: plan.readiness,
    memoryOverrides: plan.memoryOverrides,
    signal,
    onEvent: (event) => env.observer.service(event),
  });
  // What validation later compares with: a green run must end on the stack it built.
  env.stackWitness.record(up, env.stack.project.services, plan.readiness);
  return up;
}
