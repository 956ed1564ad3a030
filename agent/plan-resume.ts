/**
 * Whether the next iteration resumes the built-in orchestrator's execution instead of running
 * the whole workflow again — pure, part of the planner (planner.ts), every rule unit-tested
 * (test/unit/agent/plan-resume.test.ts). It resumes only when every one of these holds:
 *
 *  - `orchestrator.resume` is `auto` and the orchestrator is the built-in one (orchestrator.workflow);
 *  - the failure was a task's (the orchestrate phase), and its report says which tasks were green;
 *  - the class leaves the results of the green tasks valid: the fault was outside the data they
 *    wrote (an upstream answering 5xx, a step too slow, a lock, a connection limit, a refused or
 *    unresolved connection, a crashed or memory-starved task process);
 *  - the services those tasks wrote to stay as they are: the next rebuild converges (not a clean
 *    slate), drops no volumes (no recreate_volumes, no cleanup.fresh_volumes), changes no
 *    service (no raised memory limit, no deep cleanup), no container is dead or unhealthy (the
 *    rebuild would recreate it), and none was removed or replaced while the orchestrator ran;
 *  - at least one task is reusable: green, not opted out (`resume: false`), and depending only on
 *    reusable tasks.
 *
 * The orchestrate phase checks the last condition again against what the rebuild really did.
 */
import { keptWithDependencies } from '../core/graph.js';
import type { FailureClass } from '../core/error-classes.js';
import { containerStateProblem } from '../docker/stack/decide-convergence.js';
import type { Adjustment } from './adjustments.js';
import type { FailureFacts } from './failure.js';
import type { IterationPlan, ServiceFacts } from './plan.js';

/** Classes whose fault lies outside the data the green tasks wrote: those results still hold. */
export const RESUMABLE_CLASSES: ReadonlySet<FailureClass> = new Set<FailureClass>([
  'upstream_error',
  'timeout',
  'deadlock',
  'too_many_connections',
  'connection_refused',
  'service_starting',
  'dns_failure',
  'crash',
  'out_of_memory',
]);

/** Adjustments that change a service or its data under the tasks that already ran. */
const CHANGES_SERVICES: ReadonlySet<Adjustment['kind']> = new Set<Adjustment['kind']>([
  'recreate_volumes',
  'remove_orphans',
  'raise_memory',
]);

export interface ResumeSettings {
  mode: 'auto' | 'never';
  /** orchestrator.workflow is set: the agent runs `etl-cycle orchestrate`. */
  builtinOrchestrator: boolean;
  /** cleanup.fresh_volumes: the data goes before every iteration. */
  freshVolumes: boolean;
  /** The declared tasks: what each depends on, and whether it may be reused. */
  tasks: readonly { id: string; dependsOn: readonly string[]; resume: boolean }[];
}

export interface ResumeInput {
  facts: FailureFacts;
  /** The next iteration's plan, with the planner's other adjustments applied. */
  next: IterationPlan;
  adjustments: readonly Adjustment[];
  services: readonly ServiceFacts[];
  settings: ResumeSettings;
}

export type ResumeDecision = { resume: true; adjustment: Adjustment & { kind: 'resume_orchestration' } } | { resume: false; why: string };

export function decideResume(input: ResumeInput): ResumeDecision {
  const { facts, next, settings } = input;
  const no = (why: string): ResumeDecision => ({ resume: false, why });
  if (settings.mode === 'never') return no('orchestrator.resume is never');
  if (!settings.builtinOrchestrator) return no('the orchestrator is not the built-in one');
  if (facts.phase !== 'orchestrate') return no(`the failure was in the ${facts.phase} phase, not in a task`);
  const orchestration = facts.orchestration;
  if (!orchestration) return no('the orchestration left no report');
  const primary = facts.classification.primary ?? 'unknown';
  if (!RESUMABLE_CLASSES.has(primary)) return no(`${primary} may have left the green tasks' results invalid`);
  if (next.rebuild === 'clean') return no('the next iteration starts from a clean slate');
  if (settings.freshVolumes) return no('cleanup.fresh_volumes drops the data before every iteration');
  const changing = input.adjustments.find((a) => CHANGES_SERVICES.has(a.kind));
  if (changing) return no(`the next iteration changes services or data (${changing.kind})`);
  const changed = facts.stackChanges?.[0];
  if (changed) return no(`the stack changed while the orchestrator ran (${changed.detail})`);
  for (const container of facts.containers) {
    const oneShot =
      input.services.find((s) => s.name === container.service)?.oneShot || next.readiness[container.service]?.strategy.type === 'completed';
    const problem = containerStateProblem(container, oneShot === true);
    if (problem) return no(`${container.service} is ${problem}: the rebuild recreates it`);
  }

  const green = new Set([...orchestration.reused, ...orchestration.succeeded]);
  const declared = new Map(settings.tasks.map((t) => [t.id, t]));
  const ran = settings.tasks
    .map((t) => t.id)
    .filter((id) => green.has(id) || orchestration.failed.includes(id) || orchestration.notRun.includes(id));
  const reused = keptWithDependencies(
    ran,
    (id) => declared.get(id)?.dependsOn ?? [],
    (id) => green.has(id) && declared.get(id)?.resume !== false,
  );
  if (reused.length === 0) return no('no task that can be reused was green');
  return { resume: true, adjustment: { kind: 'resume_orchestration', executionId: orchestration.executionId, reused } };
}
