/**
 * The loop as a pure state machine: (state, what the iteration found) → the next state, or a
 * stop with its reason. No I/O and no clock: drive-cycle.ts runs the effects and the waits, and
 * every stop reason has a table test (test/unit/agent/cycle-step.test.ts, drive-cycle.test.ts).
 *
 *   success                         → stop: success
 *   aborted (signal | time budget)  → stop: aborted | budget
 *   a failure no retry can fix      → stop: non_retryable
 *   a failure → planner (planner.ts) → stop: non_retryable | stuck
 *                                   → continue with the planner's plan; at the iteration
 *                                     limit → stop: max_iterations
 */
import { secondsFromMs } from '../core/duration.js';
import { describeAdjustment } from './adjustments.js';
import type { HistoryEntry } from './failure.js';
import { carryOver } from './plan.js';
import type { IterationPlan, ServiceFacts } from './plan.js';
import { decideNext } from './planner.js';
import type { Decision, PlannerSettings } from './planner.js';
import type { CycleRecord, StopReason } from './report.js';
import type { IterationResult } from './run-iteration.js';

export interface CycleState {
  /** The plan the next iteration runs with. */
  plan: IterationPlan;
  /** Every failed iteration so far, oldest first (the planner's memory for stuck detection). */
  history: readonly HistoryEntry[];
}

export interface StepContext {
  iteration: number;
  maxIterations: number;
  timeBudgetMs: number;
  services: readonly ServiceFacts[];
  planner: PlannerSettings;
  /** No backoff before an iteration the planner changed (loop.backoff.skip_when_adjusted). */
  skipBackoffWhenAdjusted: boolean;
}

export type CycleStep =
  | { kind: 'stop'; stopReason: StopReason; diagnosis: string | null; record: CycleRecord }
  /** `backoff`: wait before the next iteration (a plain retry); false: the change is the remedy, go at once. */
  | { kind: 'continue'; state: CycleState; backoff: boolean; record: CycleRecord };

export function initialCycleState(plan: IterationPlan): CycleState {
  return { plan, history: [] };
}

export function stepCycle(state: CycleState, result: IterationResult, ctx: StepContext): CycleStep {
  const { verdict, record } = result;
  switch (verdict.kind) {
    case 'success':
      return { kind: 'stop', stopReason: 'success', diagnosis: null, record };
    case 'aborted': {
      const budget = verdict.error.reason === 'budget';
      return {
        kind: 'stop',
        stopReason: budget ? 'budget' : 'aborted',
        diagnosis: abortDiagnosis(budget, ctx, verdict.error.signal),
        record,
      };
    }
    case 'stop':
      return { kind: 'stop', stopReason: 'non_retryable', diagnosis: verdict.diagnosis, record };
    case 'failed':
      break;
  }

  // One-shot actions (recreate volumes, remove orphans) were for the iteration that just ran.
  const decision: Decision = decideNext({
    facts: verdict.facts,
    plan: carryOver(state.plan),
    history: state.history,
    services: ctx.services,
    settings: ctx.planner,
  });
  const history = [
    ...state.history,
    {
      iteration: ctx.iteration,
      fingerprint: decision.fingerprint,
      primary: verdict.facts.classification.primary ?? 'unknown',
      adjustments: decision.action === 'retry' ? decision.adjustments : [],
    },
  ];
  if (decision.action === 'stop') {
    return {
      kind: 'stop',
      stopReason: decision.stopReason,
      diagnosis: decision.diagnosis,
      record: { ...record, diagnosis: decision.diagnosis },
    };
  }

  const described = decision.adjustments.filter((a) => a.kind !== 'retry').map(describeAdjustment);
  const adjusted: CycleRecord = {
    ...record,
    adjustments: described,
    adjustments_count: described.length,
    adjustment_details: decision.adjustments,
  };
  if (ctx.iteration >= ctx.maxIterations) {
    const last = record.errors[0] ?? 'unknown';
    const diagnosis = `the stack did not come up green in ${ctx.maxIterations} iteration(s); last failure: ${last}`;
    return { kind: 'stop', stopReason: 'max_iterations', diagnosis, record: adjusted };
  }
  // Backing off gives a transient condition time to clear. When the planner changed what the
  // next iteration does (fresh volumes, a longer deadline, more memory), waiting adds nothing:
  // the change is the remedy. Plain retries back off.
  const changed = decision.adjustments.every((a) => a.kind !== 'retry');
  return {
    kind: 'continue',
    state: { plan: decision.plan, history },
    backoff: !(changed && ctx.skipBackoffWhenAdjusted),
    record: adjusted,
  };
}

/** Why the run stopped when a signal or the budget ended it. */
export function abortDiagnosis(budget: boolean, ctx: Pick<StepContext, 'timeBudgetMs'>, signal?: string): string {
  return budget ? `the time budget of ${Math.round(secondsFromMs(ctx.timeBudgetMs))}s ran out` : `stopped by ${signal ?? 'a signal'}`;
}
