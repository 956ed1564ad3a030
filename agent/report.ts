/**
 * The run report (logs/auto_cycle_report_<execution>.json): a superset of the predecessor's
 * report, so scripts written for it keep working, plus what a CI reader needs to know why.
 * Written atomically after every iteration (a reader never sees half a file, and a killed
 * run still leaves a valid report behind) and once more at the end.
 */
import { hostname } from 'node:os';
import { writeJsonAtomically } from '../core/atomic-write.js';
import { secondsFromMs } from '../core/duration.js';
import { maskSecretsDeep } from '../core/secret-masker.js';
import type { MetricTotals } from '../core/row-metrics.js';
import type { FailureClass } from '../core/error-classes.js';
import type { EngineReport } from '../docker/engine/engine-report.js';
import type { ContainerState, ResourceRef } from '../docker/types.js';
import type { Adjustment } from './adjustments.js';
import type { IterationPhase } from './failure.js';

export const REPORT_SCHEMA_VERSION = 1;

export type StopReason = 'success' | 'max_iterations' | 'non_retryable' | 'stuck' | 'budget' | 'aborted' | 'interrupted';

export interface MatchRecord {
  class: string;
  pattern: string;
  source: string | null;
  line: number;
  text: string;
  captures: Record<string, string>;
}

export interface CycleRecord {
  iteration: number;
  status: 'success' | 'failed' | 'aborted';
  success: boolean;
  start_time: string;
  end_time: string;
  duration_seconds: number;
  errors_count: number;
  errors: string[];
  adjustments_count: number;
  adjustments: string[];
  adjustment_details: Adjustment[];
  failed_phase: IterationPhase | null;
  primary_class: FailureClass | null;
  /** The built-in orchestrator's task the primary match came from, if any. */
  failed_task: string | null;
  classes: string[];
  matches: MatchRecord[];
  orchestrator_exit_code: number | null;
  orchestrator_timed_out: boolean;
  /**
   * What an orchestrator command appended to ETL_CYCLE_METRICS_FILE, summed; null for the
   * built-in one (its tasks report theirs) or when it wrote none.
   */
  orchestrator_metrics?: MetricTotals | null;
  phases: Partial<Record<IterationPhase | 'backoff', number>>;
  git_snapshot: { status: string; sha: string | null; ref: string | null; message: string | null };
  logs: { orchestrator: string | null };
  plan: {
    readiness: Record<string, { strategy: string; timeout_seconds: number; settle_seconds: number }>;
    orchestrator_timeout_seconds: number;
    step_timeout_factor: number;
    max_workers: number | null;
    recreated_volumes: boolean;
    removed_orphans: boolean;
    memory_overrides: Record<string, number>;
    /** clean: every container removed first; converge: current, running, healthy services kept. */
    rebuild: 'clean' | 'converge';
    /** The built-in orchestrator's execution this iteration was planned to resume. */
    resume_from: string | null;
  };
  /** What the rebuild did with each service and why, and what it removed on the way (with the cleanup). */
  rebuild: {
    services: { service: string; action: 'kept' | 'created' | 'recreated'; reason: string }[];
    removed: { kind: ResourceRef['kind']; name: string; reason: string | null }[];
  };
  /** The built-in orchestrator's execution in this iteration (null for other orchestrators). */
  orchestration: {
    execution_id: string;
    resumed_from: string | null;
    /** Green in an earlier execution of this run: shown, not run again. */
    reused: string[];
    succeeded: string[];
    failed: string[];
    not_run: string[];
    /** Why the planned resume was not done (a service the tasks used was recreated after all). */
    resume_dropped: string | null;
  } | null;
  services: { service: string; ready: boolean; ready_after_seconds: number | null; detail: string | null }[];
  containers: ContainerState[];
  validations: { name: string; passed: boolean; detail: string | null }[];
  cleanup: { removed: number; orphans_kept: string[] };
  diagnosis: string | null;
}

export interface RunReport {
  schema_version: number;
  tool: { name: 'etl-cycle'; version: string };
  execution_id: string;
  project: string;
  config_file: string | null;
  status: 'running' | 'finished';
  start_time: string;
  end_time: string | null;
  total_duration_seconds: number;
  time_to_green_seconds: number | null;
  max_iterations: number;
  iterations_executed: number;
  overall_success: boolean;
  /** `running` until the run ends; a report still saying so after its agent died is finished as `interrupted` by the next start. */
  stop_reason: StopReason | 'running' | null;
  diagnosis: string | null;
  log_file: string;
  report_file: string;
  /** The process that writes this report, so a report left `running` by a dead agent can be told from a live one. */
  agent?: { pid: number; host: string };
  /** The execution's id in the run ledger (etl-cycle show <id>); null when the run was not recorded. */
  ledger_id?: string | null;
  /** Deadlines the first iteration took from past green runs instead of the configuration (history.learn). */
  learned_plan?: LearnedPlanNote | null;
  /** The engine the run used and how it was chosen (absent when the project has no services). */
  engine?: EngineReport;
  cycles: CycleRecord[];
}

/** What the history changed in the initial plan, in report units (seconds). */
export interface LearnedPlanNote {
  from_green_runs: number;
  margin: number;
  readiness_timeout_seconds: Record<string, { learned: number; configured: number; p95: number; samples: number }>;
  orchestrator_timeout_seconds: { learned: number; configured: number; p95: number; samples: number } | null;
  task_timeout_factor: number | null;
}

export function newReport(init: {
  executionId: string;
  project: string;
  configFile?: string;
  version: string;
  startedAt: Date;
  maxIterations: number;
  logFile: string;
  reportFile: string;
  engine?: EngineReport;
}): RunReport {
  return {
    schema_version: REPORT_SCHEMA_VERSION,
    tool: { name: 'etl-cycle', version: init.version },
    execution_id: init.executionId,
    project: init.project,
    config_file: init.configFile ?? null,
    status: 'running',
    start_time: init.startedAt.toISOString(),
    end_time: null,
    total_duration_seconds: 0,
    time_to_green_seconds: null,
    max_iterations: init.maxIterations,
    iterations_executed: 0,
    overall_success: false,
    stop_reason: 'running',
    diagnosis: null,
    log_file: init.logFile,
    report_file: init.reportFile,
    agent: { pid: process.pid, host: hostname() },
    ...(init.engine ? { engine: init.engine } : {}),
    cycles: [],
  };
}

export function finishReport(report: RunReport, end: Date, stopReason: StopReason, diagnosis: string | null): RunReport {
  const elapsedMs = end.getTime() - Date.parse(report.start_time);
  const success = stopReason === 'success';
  return {
    ...report,
    status: 'finished',
    end_time: end.toISOString(),
    total_duration_seconds: secondsFromMs(elapsedMs),
    time_to_green_seconds: success ? secondsFromMs(elapsedMs) : null,
    iterations_executed: report.cycles.length,
    overall_success: success,
    stop_reason: stopReason,
    diagnosis,
  };
}

/**
 * The report of a run whose agent died before it could finish it (SIGKILL, power loss), as the
 * next etl-cycle finishes it: `interrupted`, ending when the run was last seen alive.
 */
export function interruptedReport(report: RunReport, lastSeen: Date, diagnosis: string): RunReport {
  const elapsedMs = Math.max(0, lastSeen.getTime() - Date.parse(report.start_time));
  return {
    ...report,
    status: 'finished',
    end_time: lastSeen.toISOString(),
    total_duration_seconds: secondsFromMs(elapsedMs),
    time_to_green_seconds: null,
    iterations_executed: report.cycles.length,
    overall_success: false,
    stop_reason: 'interrupted',
    diagnosis,
  };
}

/** Secrets never reach the file: matched lines, captures and diagnoses are masked as written (the run keeps the real values). */
export async function writeReport(report: RunReport): Promise<void> {
  await writeJsonAtomically(report.report_file, maskSecretsDeep(report));
}
