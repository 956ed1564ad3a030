/**
 * The ledger's tables as kysely sees them. One schema for SQLite and PostgreSQL: text, integer
 * and bigint columns only (times in epoch ms, booleans as 0/1, lists as JSON text), so every
 * query is written once. Table names carry an `etl_cycle_` prefix because a PostgreSQL
 * database may be shared with other tools.
 */
import type { ColumnType } from 'kysely';

/** A count or sum as the drivers return it (PostgreSQL's bigint arrives as a string unless parsed). */
type Int = number;
type Nullable<T> = T | null;

export interface ExecutionsTable {
  id: string;
  project: string;
  state: string;
  stop_reason: Nullable<string>;
  trigger: string;
  started_at: Int;
  ended_at: Nullable<Int>;
  duration_ms: Nullable<Int>;
  time_to_green_ms: Nullable<Int>;
  iterations: ColumnType<Int, Int | undefined, Int>;
  max_iterations: Int;
  main_class: Nullable<string>;
  diagnosis: Nullable<string>;
  git_sha: Nullable<string>;
  git_branch: Nullable<string>;
  host: string;
  pid: Int;
  version: string;
  config_hash: Nullable<string>;
  report_file: Nullable<string>;
  orchestrator_pgid: Nullable<Int>;
}

export interface IterationsTable {
  execution_id: string;
  iteration: Int;
  state: string;
  started_at: Int;
  ended_at: Int;
  duration_ms: Int;
  failed_phase: Nullable<string>;
  primary_class: Nullable<string>;
  failed_task: Nullable<string>;
  snapshot_ms: Nullable<Int>;
  cleanup_ms: Nullable<Int>;
  rebuild_ms: Nullable<Int>;
  orchestrate_ms: Nullable<Int>;
  validate_ms: Nullable<Int>;
  backoff_ms: Nullable<Int>;
  orchestrator_exit_code: Nullable<Int>;
  orchestrator_timed_out: Int;
  /** JSON: [{kind, description}]. */
  adjustments: string;
  /** JSON: the plan as the run report shows it. */
  plan: string;
  diagnosis: Nullable<string>;
}

export interface MatchesTable {
  execution_id: string;
  iteration: Int;
  seq: Int;
  class: string;
  pattern: string;
  source: Nullable<string>;
  line: Int;
  text: string;
}

export interface ServicesTable {
  execution_id: string;
  iteration: Int;
  service: string;
  ready: Int;
  ready_after_ms: Nullable<Int>;
}

export interface TaskRunsTable {
  execution_id: string;
  iteration: Int;
  task_id: string;
  orchestration_id: string;
  status: string;
  attempts: Int;
  started_at: Nullable<Int>;
  duration_ms: Nullable<Int>;
  exit_code: Nullable<Int>;
  error: Nullable<string>;
  rows_read: Nullable<Int>;
  rows_written: Nullable<Int>;
  rows_rejected: Nullable<Int>;
}

export interface RollupsTable {
  project: string;
  /** UTC day of the executions' start (epoch ms / 86 400 000). */
  day: Int;
  series: string;
  bucket: string;
  n: Int;
}

/** One run of a workflow's time window (0002_data_windows; history/windows.ts). */
export interface WindowsTable {
  /** The orchestration execution id that ran it. */
  id: string;
  project: string;
  workflow: string;
  window_start: Int;
  window_end: Int;
  /** incremental | full | recovery */
  mode: string;
  /** running | succeeded | failed */
  state: string;
  /** The agent's execution (`run`) it ran under, if any. */
  execution_id: Nullable<string>;
  failure_class: Nullable<string>;
  error: Nullable<string>;
  started_at: Int;
  ended_at: Nullable<Int>;
}

export interface AlertDeliveriesTable {
  delivery_id: string;
  attempt: Int;
  execution_id: Nullable<string>;
  project: string;
  webhook: string;
  event: string;
  at: Int;
  duration_ms: Int;
  http_status: Nullable<Int>;
  /** delivered, retrying (another attempt follows), failed, not_sent (no URL or secret in the environment). */
  outcome: string;
  error: Nullable<string>;
}

export interface ScheduleTicksTable {
  project: string;
  /** The time the cron expression named. */
  scheduled_at: Int;
  fired_at: Int;
  /** started, caught_up (a missed time run on start), skipped (a run was going). */
  outcome: string;
  execution_id: Nullable<string>;
  reason: Nullable<string>;
}

export interface HistoryDatabase {
  etl_cycle_executions: ExecutionsTable;
  etl_cycle_iterations: IterationsTable;
  etl_cycle_matches: MatchesTable;
  etl_cycle_services: ServicesTable;
  etl_cycle_task_runs: TaskRunsTable;
  etl_cycle_rollups: RollupsTable;
  etl_cycle_windows: WindowsTable;
  etl_cycle_alert_deliveries: AlertDeliveriesTable;
  etl_cycle_schedule_ticks: ScheduleTicksTable;
}

export const MIGRATION_TABLE = 'etl_cycle_migration';
export const MIGRATION_LOCK_TABLE = 'etl_cycle_migration_lock';
