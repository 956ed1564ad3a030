/**
 * The one place ledger rows are built from what a run reports (the run report's cycles, the
 * built-in orchestrator's execution reports). The ledger stores nothing the run report does not
 * already hold, and every free text goes through `mask` here — matched lines, diagnoses,
 * adjustments, task errors — so a secrets masker applied to the report is applied to the
 * history by passing it once, at this door.
 *
 * The input shapes are the fields read, not the agent's or the orchestrator's types: history/
 * sits below both (agent/report.ts CycleRecord and orchestrator/types.ts reports fit them).
 */
import type { ExecutionEnd, ExecutionState, IterationRow, PhaseDurations, TaskRunRow } from './types.js';

/** Replaces secrets in a text (identity when no masker is set). */
export type TextMasker = (text: string) => string;
export const NO_MASK: TextMasker = (text) => text;

/** The fields of a run report's cycle (agent/report.ts CycleRecord) the ledger keeps. */
export interface CycleFacts {
  iteration: number;
  status: 'success' | 'failed' | 'aborted';
  start_time: string;
  end_time: string;
  duration_seconds: number;
  failed_phase: string | null;
  primary_class: string | null;
  failed_task: string | null;
  matches: readonly { class: string; pattern: string; source: string | null; line: number; text: string }[];
  adjustments: readonly string[];
  adjustment_details: readonly { kind: string }[];
  orchestrator_exit_code: number | null;
  orchestrator_timed_out: boolean;
  phases: Partial<Record<string, number>>;
  plan: unknown;
  services: readonly { service: string; ready: boolean; ready_after_seconds: number | null }[];
  diagnosis: string | null;
}

/** The fields of a finished run report (agent/report.ts RunReport) the ledger keeps. */
export interface RunFacts {
  stop_reason: string | null;
  end_time: string | null;
  start_time: string;
  total_duration_seconds: number;
  time_to_green_seconds: number | null;
  iterations_executed: number;
  overall_success: boolean;
  diagnosis: string | null;
  cycles: readonly CycleFacts[];
}

/** One task of a built-in orchestrator execution report (orchestrator/types.ts TaskReport), plus row counts when a task reports them. */
export interface TaskFacts {
  task_id: string;
  status: string;
  attempts: number;
  start_time: string | null;
  duration: number | null;
  error: string | null;
  rows_read?: number | null;
  rows_written?: number | null;
  rows_rejected?: number | null;
}

export interface OrchestrationFacts {
  execution_id: string;
  tasks: Readonly<Record<string, TaskFacts>>;
}

/** The ledger keeps at most this many matched lines per iteration (the report keeps 50). */
export const MAX_MATCHES_PER_ITERATION = 20;
const MAX_TEXT = 2_000;

const ms = (seconds: number | null | undefined): number | null =>
  seconds === null || seconds === undefined ? null : Math.round(seconds * 1000);
const time = (iso: string | null): number | null => {
  if (iso === null) return null;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? null : value;
};
const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);

export function iterationRowFrom(
  cycle: CycleFacts,
  orchestrations: readonly OrchestrationFacts[],
  mask: TextMasker = NO_MASK,
): IterationRow {
  const details = cycle.adjustment_details.filter((a) => a.kind !== 'retry');
  const phases: PhaseDurations = {
    snapshot: ms(cycle.phases.snapshot),
    cleanup: ms(cycle.phases.cleanup),
    rebuild: ms(cycle.phases.rebuild),
    orchestrate: ms(cycle.phases.orchestrate),
    validate: ms(cycle.phases.validate),
    backoff: ms(cycle.phases.backoff),
  };
  const startedAt = time(cycle.start_time) ?? 0;
  return {
    iteration: cycle.iteration,
    state: cycle.status,
    startedAt,
    endedAt: time(cycle.end_time) ?? startedAt,
    durationMs: ms(cycle.duration_seconds) ?? 0,
    failedPhase: cycle.failed_phase,
    primaryClass: cycle.primary_class,
    failedTask: cycle.failed_task,
    phases,
    orchestratorExitCode: cycle.orchestrator_exit_code,
    orchestratorTimedOut: cycle.orchestrator_timed_out,
    adjustments: cycle.adjustments.map((description, index) => ({
      kind: details[index]?.kind ?? 'adjustment',
      description: mask(description),
    })),
    plan: cycle.plan,
    diagnosis: cycle.diagnosis === null ? null : mask(cycle.diagnosis),
    matches: cycle.matches.slice(0, MAX_MATCHES_PER_ITERATION).map((m) => ({
      class: m.class,
      pattern: m.pattern,
      source: m.source,
      line: m.line,
      text: clip(mask(m.text)),
    })),
    services: cycle.services.map((s) => ({ service: s.service, ready: s.ready, readyAfterMs: ms(s.ready_after_seconds) })),
    tasks: orchestrations.flatMap((o) => taskRowsFrom(o, mask)),
  };
}

/** The tasks an execution of the built-in orchestrator ran (pending ones did not run; carried-over ones ran earlier). */
export function taskRowsFrom(orchestration: OrchestrationFacts, mask: TextMasker = NO_MASK): TaskRunRow[] {
  return Object.values(orchestration.tasks)
    .filter((task) => task.status !== 'pending' && !(task.status === 'succeeded' && task.attempts === 0))
    .map((task) => ({
      taskId: task.task_id,
      orchestrationId: orchestration.execution_id,
      status: task.status,
      attempts: task.attempts,
      startedAt: time(task.start_time),
      durationMs: ms(task.duration),
      exitCode: exitCodeOf(task.error),
      error: task.error === null ? null : clip(mask(task.error)),
      rowsRead: count(task.rows_read),
      rowsWritten: count(task.rows_written),
      rowsRejected: count(task.rows_rejected),
    }));
}

function count(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
}

/** "exit code 3" is how the built-in orchestrator words a run task's failure. */
function exitCodeOf(error: string | null): number | null {
  const match = error === null ? null : /\bexit code (\d+)\b/.exec(error);
  return match ? Number(match[1]) : null;
}

export function stateOf(stopReason: string | null, success: boolean): Exclude<ExecutionState, 'running'> {
  if (success) return 'success';
  if (stopReason === 'aborted') return 'aborted';
  if (stopReason === 'interrupted') return 'interrupted';
  return 'failed';
}

/** The class behind the run: its last failed iteration's (for a run green after retries, what it healed). */
export function mainClassOf(cycles: readonly CycleFacts[]): string | null {
  for (let i = cycles.length - 1; i >= 0; i -= 1) {
    const primary = cycles[i]!.primary_class;
    if (cycles[i]!.status === 'failed' && primary) return primary;
  }
  return null;
}

export function executionEndFrom(report: RunFacts, mask: TextMasker = NO_MASK): ExecutionEnd {
  const startedAt = time(report.start_time) ?? Date.now();
  const endedAt = time(report.end_time) ?? Date.now();
  const backoffMs: Record<number, number> = {};
  for (const cycle of report.cycles) {
    const waited = ms(cycle.phases.backoff);
    if (waited !== null) backoffMs[cycle.iteration] = waited;
  }
  return {
    state: stateOf(report.stop_reason, report.overall_success),
    stopReason: report.stop_reason ?? 'unknown',
    endedAt,
    durationMs: ms(report.total_duration_seconds) ?? endedAt - startedAt,
    timeToGreenMs: ms(report.time_to_green_seconds),
    iterations: report.iterations_executed,
    mainClass: mainClassOf(report.cycles),
    diagnosis: report.diagnosis === null ? null : mask(report.diagnosis),
    backoffMs,
  };
}
