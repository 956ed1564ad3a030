/**
 * The run ledger's vocabulary: the states an execution goes through, what started it, and the
 * shapes the ledger hands to its readers (history, show, stats, the deadline learner).
 * Times are epoch milliseconds, durations milliseconds: the same numbers in SQLite and PostgreSQL.
 */

/** `running` until it ends; `interrupted` when its process died without saying how it ended (SIGKILL, power loss). */
export const EXECUTION_STATES = ['running', 'success', 'failed', 'aborted', 'interrupted'] as const;
export type ExecutionState = (typeof EXECUTION_STATES)[number];

/** What started a run: a person, a CI job, a git hook, a schedule (cron, CI schedule), a program. */
export const TRIGGERS = ['manual', 'ci', 'hook', 'schedule', 'api'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** One execution, as `history` lists it and `show` heads it. */
export interface ExecutionSummary {
  id: string;
  project: string;
  state: ExecutionState;
  stopReason: string | null;
  trigger: Trigger;
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  timeToGreenMs: number | null;
  iterations: number;
  maxIterations: number;
  /** The class behind the run's (last) failure; for a run green after retries, what it healed. */
  mainClass: string | null;
  diagnosis: string | null;
  gitSha: string | null;
  gitBranch: string | null;
  host: string;
  pid: number;
  version: string;
  configHash: string | null;
  reportFile: string | null;
  orchestratorPgid: number | null;
}

export interface MatchRow {
  class: string;
  pattern: string;
  source: string | null;
  line: number;
  text: string;
}

export interface ServiceReadinessRow {
  service: string;
  ready: boolean;
  readyAfterMs: number | null;
}

export interface TaskRunRow {
  taskId: string;
  /** The built-in orchestrator's own execution id (its report in logs/orchestrations/). */
  orchestrationId: string;
  status: string;
  attempts: number;
  startedAt: number | null;
  durationMs: number | null;
  exitCode: number | null;
  error: string | null;
  rowsRead: number | null;
  rowsWritten: number | null;
  rowsRejected: number | null;
}

export interface AdjustmentRow {
  kind: string;
  description: string;
}

/** Phase durations of one iteration (milliseconds; absent = the phase did not run). */
export interface PhaseDurations {
  snapshot: number | null;
  cleanup: number | null;
  rebuild: number | null;
  orchestrate: number | null;
  validate: number | null;
  backoff: number | null;
}

export interface IterationRow {
  iteration: number;
  state: 'success' | 'failed' | 'aborted';
  startedAt: number;
  endedAt: number;
  durationMs: number;
  failedPhase: string | null;
  primaryClass: string | null;
  failedTask: string | null;
  phases: PhaseDurations;
  orchestratorExitCode: number | null;
  orchestratorTimedOut: boolean;
  adjustments: AdjustmentRow[];
  /** The plan the iteration ran with, as the run report shows it. */
  plan: unknown;
  diagnosis: string | null;
  matches: MatchRow[];
  services: ServiceReadinessRow[];
  tasks: TaskRunRow[];
}

/** What `show` prints: the execution and everything under it. */
export interface ExecutionDetail extends ExecutionSummary {
  iterationRows: IterationRow[];
}

/** The facts of a new execution, written once when it starts. */
export interface ExecutionStart {
  id: string;
  project: string;
  trigger: Trigger;
  startedAt: number;
  maxIterations: number;
  gitSha: string | null;
  gitBranch: string | null;
  host: string;
  pid: number;
  version: string;
  configHash: string | null;
  reportFile: string | null;
}

/** How an execution ended, written once with its last state change. */
export interface ExecutionEnd {
  state: Exclude<ExecutionState, 'running'>;
  stopReason: string;
  endedAt: number;
  durationMs: number;
  timeToGreenMs: number | null;
  iterations: number;
  mainClass: string | null;
  diagnosis: string | null;
  /** Backoff actually waited after each iteration (known only at the end), by iteration number. */
  backoffMs: Record<number, number>;
}

export interface ListQuery {
  project: string;
  limit: number;
  state?: ExecutionState;
  /** Only executions started at or after this (epoch ms). */
  since?: number;
}

/** What the newest green runs needed, from the iteration that went green. */
export interface LearningInput {
  greenRuns: number;
  /** Per service: how long readiness took. */
  readinessMs: Record<string, number[]>;
  /** How long the orchestrate phase took. */
  orchestrateMs: number[];
  /** Per task of the built-in orchestrator: how long each succeeded run took. */
  taskMs: Record<string, number[]>;
}
