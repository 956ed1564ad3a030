/**
 * Step 3: decide per service what the rebuild does (convergePhase: keep what is current, running
 * and healthy; recreate what changed or died, with its dependents; everything on a clean slate),
 * then carry it out and wait until each service is ready under the plan's deadlines; readiness
 * events go to the observer as they happen.
 */
import type { Convergence, UpResult } from '../../docker/types.js';
import { preloadProcessRunner } from '../../process/run-process.js';
import type { IterationPlan } from '../plan.js';
import type { RunEnvironment } from '../run-environment.js';
import { freshVolumes } from './cleanup-phase.js';

export async function runConvergePhase(env: RunEnvironment, plan: IterationPlan, signal: AbortSignal): Promise<Convergence> {
  // The orchestrator's process runner and the pattern catalogue load while the engine works (a
  // failure shows where they are used).
  preloadProcessRunner().catch(() => undefined);
  env.catalogue().catch(() => undefined);
  const clean = plan.rebuild === 'clean';
  return env.stack.planConvergence({
    recreate: clean ? 'all' : 'changed',
    recreateReason:
      env.config.rebuild.mode === 'always' ? 'rebuild: always' : 'first iteration: a clean slate (rebuild.first_iteration: clean)',
    memoryOverrides: plan.memoryOverrides,
    // A clean slate dropped them in the cleanup phase already.
    removeVolumes: !clean && freshVolumes(env, plan),
    readiness: plan.readiness,
    signal,
    onEvent: (event) => env.observer.service(event),
  });
}

export async function runRebuildPhase(
  env: RunEnvironment,
  plan: IterationPlan,
  convergence: Convergence,
  signal: AbortSignal,
): Promise<UpResult> {
  const result = await env.stack.up({
    readiness: plan.readiness,
    convergence,
    // The container stack reads the limits from the convergence; a Swarm stack applies them here.
    memoryOverrides: plan.memoryOverrides,
    signal,
    onEvent: (event) => env.observer.service(event),
  });
  // What validation later compares with: a green run must end on the stack it built (kept containers included).
  env.stackWitness.record(result, env.stack.project.services, plan.readiness);
  const count = (action: string) => convergence.changes.filter((c) => c.action === action).length;
  env.logger.info(`rebuild: ${count('keep')} kept, ${count('create') + count('recreate')} (re)created`, {
    changes: convergence.changes.map((c) => `${c.service}: ${c.action} (${c.reason})`),
  });
  return result;
}
