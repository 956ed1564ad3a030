/**
 * The ledger's public JSON (`history --json`, `show --json`, `history export`): snake_case and
 * ISO times like the run report, so a script reads both the same way. `history import` reads
 * the export back, checking each execution's and window run's shape first.
 */
import { UsageError } from '../core/errors.js';
import { EXECUTION_STATES, TRIGGERS } from './types.js';
import type { Distribution, HistoryStats } from './stats.js';
import type { ExecutionDetail, ExecutionSummary, IterationRow } from './types.js';
import type { WindowRun } from './windows.js';

export const EXPORT_FORMAT = 'etl-cycle-history';
export const EXPORT_VERSION = 1;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);

export function summaryToJson(e: ExecutionSummary) {
  return {
    execution_id: e.id,
    project: e.project,
    state: e.state,
    stop_reason: e.stopReason,
    trigger: e.trigger,
    start_time: iso(e.startedAt),
    end_time: iso(e.endedAt),
    duration_seconds: seconds(e.durationMs),
    time_to_green_seconds: seconds(e.timeToGreenMs),
    iterations: e.iterations,
    max_iterations: e.maxIterations,
    main_class: e.mainClass,
    diagnosis: e.diagnosis,
    git: { sha: e.gitSha, branch: e.gitBranch },
    host: e.host,
    pid: e.pid,
    version: e.version,
    config_hash: e.configHash,
    report_file: e.reportFile,
    orchestrator_pgid: e.orchestratorPgid,
  };
}

function iterationToJson(i: IterationRow) {
  return {
    iteration: i.iteration,
    state: i.state,
    start_time: iso(i.startedAt),
    end_time: iso(i.endedAt),
    duration_seconds: seconds(i.durationMs),
    failed_phase: i.failedPhase,
    primary_class: i.primaryClass,
    failed_task: i.failedTask,
    phases_seconds: Object.fromEntries(
      Object.entries(i.phases)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, seconds(v)]),
    ),
    orchestrator_exit_code: i.orchestratorExitCode,
    orchestrator_timed_out: i.orchestratorTimedOut,
    adjustments: i.adjustments,
    plan: i.plan,
    diagnosis: i.diagnosis,
    matches: i.matches,
    services: i.services.map((s) => ({ service: s.service, ready: s.ready, ready_after_seconds: seconds(s.readyAfterMs) })),
    tasks: i.tasks.map((t) => ({
      task_id: t.taskId,
      orchestration_id: t.orchestrationId,
      status: t.status,
      attempts: t.attempts,
      start_time: iso(t.startedAt),
      duration_seconds: seconds(t.durationMs),
      exit_code: t.exitCode,
      error: t.error,
      rows_read: t.rowsRead,
      rows_written: t.rowsWritten,
      rows_rejected: t.rowsRejected,
    })),
  };
}

export function detailToJson(e: ExecutionDetail) {
  return { ...summaryToJson(e), cycles: e.iterationRows.map(iterationToJson) };
}

export type ExecutionJson = ReturnType<typeof detailToJson>;

const msOf = (text: string | null): number | null => (text === null ? null : Date.parse(text));
const msOfSeconds = (s: number | null): number | null => (s === null ? null : Math.round(s * 1000));

/** One exported execution back to the ledger's form; `where` names it in the error. */
export function detailFromJson(value: unknown, where: string): ExecutionDetail {
  const e = value as Partial<ExecutionJson> | null;
  const bad = (field: string) =>
    new UsageError(
      `${where}: ${field} is missing or invalid; the file is not an etl-cycle history export (etl-cycle history export --json)`,
    );
  if (e === null || typeof e !== 'object') throw bad('the execution');
  if (typeof e.execution_id !== 'string' || e.execution_id === '') throw bad('execution_id');
  if (typeof e.project !== 'string') throw bad('project');
  if (!(EXECUTION_STATES as readonly string[]).includes(e.state as string)) throw bad('state');
  if (!(TRIGGERS as readonly string[]).includes(e.trigger as string)) throw bad('trigger');
  if (typeof e.start_time !== 'string' || Number.isNaN(Date.parse(e.start_time))) throw bad('start_time');
  if (!Array.isArray(e.cycles)) throw bad('cycles');
  return {
    id: e.execution_id,
    project: e.project,
    state: e.state!,
    stopReason: e.stop_reason ?? null,
    trigger: e.trigger!,
    startedAt: Date.parse(e.start_time),
    endedAt: msOf(e.end_time ?? null),
    durationMs: msOfSeconds(e.duration_seconds ?? null),
    timeToGreenMs: msOfSeconds(e.time_to_green_seconds ?? null),
    iterations: e.iterations ?? e.cycles.length,
    maxIterations: e.max_iterations ?? e.cycles.length,
    mainClass: e.main_class ?? null,
    diagnosis: e.diagnosis ?? null,
    gitSha: e.git?.sha ?? null,
    gitBranch: e.git?.branch ?? null,
    host: e.host ?? 'unknown',
    pid: e.pid ?? 0,
    version: e.version ?? 'unknown',
    configHash: e.config_hash ?? null,
    reportFile: e.report_file ?? null,
    orchestratorPgid: e.orchestrator_pgid ?? null,
    iterationRows: e.cycles.map((c, index) => iterationFromJson(c, `${where} cycle ${index + 1}`)),
  };
}

function iterationFromJson(c: ExecutionJson['cycles'][number], where: string): IterationRow {
  if (typeof c?.iteration !== 'number' || typeof c.start_time !== 'string') {
    throw new UsageError(`${where}: iteration or start_time is missing; the file is not an etl-cycle history export`);
  }
  const phase = (name: string) => msOfSeconds((c.phases_seconds as Record<string, number | undefined>)?.[name] ?? null);
  const startedAt = Date.parse(c.start_time);
  return {
    iteration: c.iteration,
    state: c.state,
    startedAt,
    endedAt: msOf(c.end_time) ?? startedAt,
    durationMs: msOfSeconds(c.duration_seconds) ?? 0,
    failedPhase: c.failed_phase ?? null,
    primaryClass: c.primary_class ?? null,
    failedTask: c.failed_task ?? null,
    phases: {
      snapshot: phase('snapshot'),
      cleanup: phase('cleanup'),
      rebuild: phase('rebuild'),
      orchestrate: phase('orchestrate'),
      validate: phase('validate'),
      backoff: phase('backoff'),
    },
    orchestratorExitCode: c.orchestrator_exit_code ?? null,
    orchestratorTimedOut: c.orchestrator_timed_out === true,
    adjustments: Array.isArray(c.adjustments) ? c.adjustments : [],
    plan: c.plan ?? null,
    diagnosis: c.diagnosis ?? null,
    matches: Array.isArray(c.matches) ? c.matches : [],
    services: (c.services ?? []).map((s) => ({
      service: s.service,
      ready: s.ready === true,
      readyAfterMs: msOfSeconds(s.ready_after_seconds),
    })),
    tasks: (c.tasks ?? []).map((t) => ({
      taskId: t.task_id,
      orchestrationId: t.orchestration_id,
      status: t.status,
      attempts: t.attempts,
      startedAt: msOf(t.start_time),
      durationMs: msOfSeconds(t.duration_seconds),
      exitCode: t.exit_code ?? null,
      error: t.error ?? null,
      rowsRead: t.rows_read ?? null,
      rowsWritten: t.rows_written ?? null,
      rowsRejected: t.rows_rejected ?? null,
    })),
  };
}

/** One run of a data window (docs/data.md), as `history export` writes it. */
export function windowRunToJson(w: WindowRun) {
  return {
    window_run_id: w.id,
    project: w.project,
    workflow: w.workflow,
    window_start: iso(w.start),
    window_end: iso(w.end),
    mode: w.mode,
    state: w.state,
    execution_id: w.executionId,
    failure_class: w.failureClass,
    error: w.error,
    start_time: iso(w.startedAt),
    end_time: iso(w.endedAt),
  };
}

type WindowRunJson = ReturnType<typeof windowRunToJson>;
const WINDOW_STATES: readonly string[] = ['running', 'succeeded', 'failed'] satisfies WindowRun['state'][];

export function windowRunFromJson(value: unknown, where: string): WindowRun {
  const w = value as Partial<WindowRunJson> | null;
  const bad = (field: string) =>
    new UsageError(`${where}: ${field} is missing or invalid; the file is not an etl-cycle history export (etl-cycle history export)`);
  const time = (field: 'window_start' | 'window_end' | 'start_time') => {
    const text = w![field];
    if (typeof text !== 'string' || Number.isNaN(Date.parse(text))) throw bad(field);
    return Date.parse(text);
  };
  if (w === null || typeof w !== 'object') throw bad('the window run');
  if (typeof w.window_run_id !== 'string' || w.window_run_id === '') throw bad('window_run_id');
  if (typeof w.project !== 'string') throw bad('project');
  if (typeof w.workflow !== 'string' || w.workflow === '') throw bad('workflow');
  if (!WINDOW_STATES.includes(w.state as string)) throw bad('state');
  const start = time('window_start');
  const end = time('window_end');
  if (end <= start) throw bad('window_end (not after window_start)');
  return {
    id: w.window_run_id,
    project: w.project,
    workflow: w.workflow,
    start,
    end,
    mode: typeof w.mode === 'string' ? w.mode : 'incremental',
    state: w.state!,
    executionId: w.execution_id ?? null,
    failureClass: w.failure_class ?? null,
    error: w.error ?? null,
    startedAt: time('start_time'),
    endedAt: msOf(w.end_time ?? null),
  };
}

export function statsToJson(stats: HistoryStats, scope: { project: string; store: string }) {
  const inSeconds = (d: Distribution) => ({ count: d.count, median: seconds(d.median), p95: seconds(d.p95) });
  return {
    project: scope.project,
    store: scope.store,
    since: iso(stats.since ?? null),
    executions: stats.executions,
    by_state: stats.byState,
    success_rate: stats.successRate,
    time_to_green_seconds: inSeconds(stats.timeToGreenMs),
    iterations_to_green: stats.iterationsToGreen,
    green_after_retry: stats.greenAfterRetry,
    flakiness: stats.flakiness,
    top_failure_classes: stats.topClasses,
    tasks: stats.tasks.map((t) => ({
      task_id: t.taskId,
      runs: t.runs,
      failures: t.failures,
      failure_rate: t.failureRate,
      duration_seconds: inSeconds(t.durationMs),
    })),
  };
}
