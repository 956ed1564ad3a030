/**
 * Everything the loop does to the world, behind one small interface: the git snapshot, the
 * engine (cleanup, rebuild, container facts), the orchestrator, the validations, the report on
 * disk and the final teardown. The loop (drive-cycle.ts) and the phase sequence
 * (run-iteration.ts) only see this, so tests drive them with fakes and no Docker;
 * real-cycle-effects.ts is the implementation on a RunEnvironment.
 */
import type { CleanupResult, Convergence, UpResult } from '../docker/types.js';
import type { StackUpError } from '../docker/errors.js';
import type { FailureContext } from './collect-failure-facts.js';
import type { FailureFacts } from './failure.js';
import type { OrchestrateOutcome } from './phases/orchestrate-phase.js';
import type { SnapshotPhaseResult } from './phases/snapshot-phase.js';
import type { ValidationOutcome } from './phases/validate-phase.js';
import type { IterationPlan } from './plan.js';
import type { RunReport, StopReason } from './report.js';

/** What else the classifier should read about a failure before the facts are collected. */
export type FailureEvidence =
  | { kind: 'stack'; error: StackUpError }
  /** An engine or ownership error outside `up`: its message is diagnosed like any output. */
  | { kind: 'message'; text: string };

/** The phases of one iteration (each bound to that iteration's classifier and log files). */
export interface IterationEffects {
  /** Path of this iteration's orchestrator log. */
  readonly orchestratorLog: string;
  snapshot(): Promise<SnapshotPhaseResult>;
  cleanup(plan: IterationPlan, signal: AbortSignal): Promise<CleanupResult>;
  /** Images ready, and per service: keep, create or recreate (and why). Throws StackUpError when an image cannot be had. */
  converge(plan: IterationPlan, signal: AbortSignal): Promise<Convergence>;
  /** Carries the convergence out. Throws StackUpError when a service cannot be created, started or made ready. */
  rebuild(plan: IterationPlan, convergence: Convergence, signal: AbortSignal): Promise<UpResult>;
  /**
   * Resolves once the classifier can read the orchestrator's output (the catalogue may still be
   * compiling): awaited between the rebuild and the orchestrate phase, so a wait shows as
   * etl-cycle's own time, not as the orchestrator's.
   */
  classifierReady(): Promise<void>;
  orchestrate(plan: IterationPlan, signal: AbortSignal): Promise<OrchestrateOutcome>;
  validate(signal: AbortSignal): Promise<ValidationOutcome[]>;
  /** Classify what was seen (plus `evidence`), ask the engine for facts, assemble the planner's input. */
  diagnose(context: FailureContext, evidence?: FailureEvidence): Promise<FailureFacts>;
}

export interface CycleEffects {
  beginIteration(iteration: number): IterationEffects;
  writeReport(report: RunReport): Promise<void>;
  /** Leave the services as the cleanup policy says for this stop reason. */
  teardown(stopReason: StopReason): Promise<void>;
}
