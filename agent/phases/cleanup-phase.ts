/**
 * Step 2: clean this project's labelled resources. A clean-slate iteration (the first one, or
 * every one with `rebuild: always`) removes every container and network, and the data volumes
 * when the plan or cleanup.fresh_volumes asks; a converging one leaves the services to the
 * rebuild (which drops volumes itself, after the containers using them) and removes only orphans,
 * when asked. Says once per run when containers of removed services were kept.
 */
import type { CleanupResult } from '../../docker/types.js';
import type { IterationPlan } from '../plan.js';
import type { RunEnvironment } from '../run-environment.js';

export async function runCleanupPhase(env: RunEnvironment, plan: IterationPlan, signal: AbortSignal): Promise<CleanupResult> {
  const removeOrphans = plan.removeOrphans || env.config.cleanup.removeOrphans;
  const clean = plan.rebuild === 'clean';
  // With scope `orphans` the container stack leaves volumes to the converging rebuild (they are
  // in use until it removes their containers); a stack that cannot converge (Swarm) drops them here.
  const removeVolumes = freshVolumes(env, plan);
  env.stackWitness.forget();
  const result = await env.stack.cleanup({ removeVolumes, removeOrphans, scope: clean ? 'all' : 'orphans', signal });
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
    rebuild: plan.rebuild,
  });
  return result;
}

/** The iteration starts on fresh data volumes: the planner asked (schema broken), or cleanup.fresh_volumes always does. */
export function freshVolumes(env: RunEnvironment, plan: IterationPlan): boolean {
  return plan.recreateVolumes || env.config.cleanup.freshVolumes;
}
