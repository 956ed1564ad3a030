import type { MetricTotals } from '../core/row-metrics.js';

/**
 * The built-in orchestrator's run-time model: how an attempt and a task end, where output
 * goes, and the report each execution leaves in <logs.dir>/orchestrations/<execution_id>.json.
 * The declared model (tasks, workflows) is config/types.ts.
 */

/** A task's final state in a finished report. */
export type TaskStatus = 'succeeded' | 'failed' | 'skipped' | 'timed_out';

/** How one attempt ended. `aborted`: a signal stopped it (the whole execution is stopping). */
export interface AttemptOutcome {
  status: 'succeeded' | 'failed' | 'timed_out' | 'aborted';
  /** One line for people: "exit code 1", "HTTP 503 (expected 2xx)", "timed out after 30s". */
  error?: string;
}

/** How a task ended after all its attempts. */
export interface TaskRun {
  status: AttemptOutcome['status'];
  error?: string;
  attempts: number;
  startedAt: Date;
  endedAt: Date;
  /** Tail of the task's output (its log file has all of it). */
  output: string;
  logFile: string;
  /** Row counts the deciding attempt reported (ETL_CYCLE_METRICS_FILE), summed; null when it reported none. */
  metrics: MetricTotals | null;
  /** Set when a validate gate failed the task. */
  errorClass?: 'data_rejected';
}

/** Where the combined output goes, one complete line at a time (the CLI: stdout and stderr). */
export interface OutputSink {
  write(stream: 'stdout' | 'stderr', line: string): void;
}

export type OrchestrationStopReason = 'completed' | 'critical_failure' | 'aborted';

export interface TaskReport {
  task_id: string;
  name: string;
  description: string | null;
  category: string;
  critical: boolean;
  depends_on: string[];
  action: 'run' | 'exec' | 'http';
  /** What it runs, as written in etl-cycle.yaml (variables not expanded). */
  command: string;
  /** `pending` and `running` only appear while the execution is in progress. */
  status: TaskStatus | 'pending' | 'running';
  start_time: string | null;
  end_time: string | null;
  /** Seconds. */
  duration: number | null;
  attempts: number;
  output: string;
  error: string | null;
  log_file: string | null;
  /** The earlier execution this task's success was carried over from (--resume). */
  resumed_from: string | null;
  /** Every numeric field the task reported in ETL_CYCLE_METRICS_FILE, summed (absent in reports of older versions). */
  metrics?: MetricTotals | null;
  rows_read?: number | null;
  rows_written?: number | null;
  rows_rejected?: number | null;
  /** `data_rejected` when a validate gate failed the task; null otherwise. */
  error_class?: string | null;
}

export interface OrchestrationReport {
  schema_version: 1;
  execution_id: string;
  /** The agent's execution and iteration when etl-cycle run started this one. */
  parent_execution_id: string | null;
  iteration: number | null;
  config_file: string | null;
  project: string;
  workflow: string | null;
  /** Tasks asked for (the workflow's, or --tasks); `execution_order` adds their dependencies. */
  requested_tasks: string[];
  start_time: string;
  end_time: string | null;
  /** Seconds. */
  total_duration: number | null;
  execution_order: string[];
  /** Tasks that may run at the same time, level by level. */
  parallel_groups: string[][];
  parallel: boolean;
  max_workers: number;
  continue_on_failure: boolean;
  timeout_factor: number;
  resumed_from: string | null;
  state: 'running' | 'finished';
  stop_reason: OrchestrationStopReason | null;
  /** SIGINT/SIGTERM when a signal stopped the execution. */
  signal: string | null;
  /** Every critical task succeeded. */
  success: boolean;
  summary: Record<TaskStatus, number>;
  tasks: Record<string, TaskReport>;
}
