/**
 * Step 3: recreate and start the services and wait until each is ready under the plan's
 * deadlines; readiness events go to the observer as they happen.
 */
import type { UpResult } from '../../docker/types.js';
import type { IterationPlan } from '../plan.js';
import type { RunEnvironment } from '../run-environment.js';

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
