/**
 * Step 2: clean this project's labelled resources, deeper when the plan says so (fresh
 * volumes, orphans), and say once per run when containers of removed services were kept.
 */
import type { CleanupResult } from '../../docker/types.js';
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
