/**
 * The execution report, kept in memory and updated as tasks start and end (ReportWriter puts
 * each state on disk). Field names follow the predecessor's report (`execution_id`,
 * `execution_order`, `total_duration`...) so scripts written for it keep reading it.
 */
import { secondsFromMs } from '../core/duration.js';
import { ROW_METRICS } from '../core/row-metrics.js';
import type { EtlCycleConfig, TaskConfig } from '../config/types.js';
import { describeAction } from './describe-action.js';
import type { ExecutionPlan } from './plan-execution.js';
import type { OrchestratorEnvSettings } from './read-orchestrator-env.js';
import type { OrchestrationReport, OrchestrationStopReason, TaskReport, TaskRun, TaskStatus } from './types.js';

export interface ReportInit {
  executionId: string;
  plan: ExecutionPlan;
  config: EtlCycleConfig;
  project: string;
  env: OrchestratorEnvSettings;
  startedAt: Date;
}

export function createReport(init: ReportInit): OrchestrationReport {
  const { plan } = init;
  const tasks: Record<string, TaskReport> = {};
  for (const task of plan.tasks) {
    tasks[task.id] = plan.resume?.succeeded.has(task.id)
      ? carriedTask(task, plan.resume.executionId, plan.resume.report.tasks[task.id])
      : pendingTask(task);
  }
  return {
    schema_version: 1,
    execution_id: init.executionId,
    parent_execution_id: init.env.parentExecutionId ?? null,
    iteration: init.env.iteration ?? null,
    config_file: init.config.file ?? null,
    project: init.project,
    workflow: plan.workflow?.name ?? null,
    requested_tasks: plan.requested,
    start_time: init.startedAt.toISOString(),
    end_time: null,
    total_duration: null,
    execution_order: plan.order,
    parallel_groups: plan.groups,
    parallel: plan.parallel,
    max_workers: plan.maxWorkers,
    continue_on_failure: plan.continueOnFailure,
    timeout_factor: plan.timeoutFactor,
    resumed_from: plan.resume?.executionId ?? null,
    state: 'running',
    stop_reason: null,
    signal: null,
    success: false,
    summary: summarize(tasks),
    tasks,
  };
}

function pendingTask(task: TaskConfig): TaskReport {
  return {
    task_id: task.id,
    name: task.name,
    description: task.description ?? null,
    category: task.category,
    critical: task.critical,
    depends_on: task.dependsOn,
    action: task.action.type,
    command: describeAction(task.action),
    status: 'pending',
    start_time: null,
    end_time: null,
    duration: null,
    attempts: 0,
    output: '',
    error: null,
    log_file: null,
    resumed_from: null,
    metrics: null,
    rows_read: null,
    rows_written: null,
    rows_rejected: null,
    error_class: null,
  };
}

/** A task that succeeded in the resumed execution: done, not run again. */
function carriedTask(task: TaskConfig, executionId: string, earlier: TaskReport | undefined): TaskReport {
  return {
    ...pendingTask(task),
    status: 'succeeded',
    log_file: earlier?.log_file ?? null,
    resumed_from: earlier?.resumed_from ?? executionId,
    metrics: earlier?.metrics ?? null,
    rows_read: earlier?.rows_read ?? null,
    rows_written: earlier?.rows_written ?? null,
    rows_rejected: earlier?.rows_rejected ?? null,
  };
}

export function markStarted(report: OrchestrationReport, id: string, startedAt: Date): void {
  const task = report.tasks[id]!;
  task.status = 'running';
  task.start_time = startedAt.toISOString();
}

/** `abortText`: why an aborted task stopped ("stopped by SIGINT"). */
export function recordRun(report: OrchestrationReport, id: string, run: TaskRun, abortText: string): void {
  const task = report.tasks[id]!;
  task.status = run.status === 'aborted' ? 'failed' : run.status;
  task.start_time = run.startedAt.toISOString();
  task.end_time = run.endedAt.toISOString();
  task.duration = secondsFromMs(run.endedAt.getTime() - run.startedAt.getTime());
  task.attempts = run.attempts;
  task.output = run.output;
  task.error = run.status === 'succeeded' ? null : run.status === 'aborted' ? `aborted: ${abortText}` : (run.error ?? run.status);
  task.log_file = run.logFile;
  task.metrics = run.metrics;
  task.rows_read = run.metrics?.[ROW_METRICS.read] ?? null;
  task.rows_written = run.metrics?.[ROW_METRICS.written] ?? null;
  task.rows_rejected = run.metrics?.[ROW_METRICS.rejected] ?? null;
  task.error_class = run.errorClass ?? null;
  report.summary = summarize(report.tasks);
}

export function recordSkip(report: OrchestrationReport, id: string, reason: string): void {
  const task = report.tasks[id]!;
  task.status = 'skipped';
  task.error = reason;
  report.summary = summarize(report.tasks);
}

export function finishOrchestrationReport(
  report: OrchestrationReport,
  endedAt: Date,
  stopReason: OrchestrationStopReason,
  signal: string | null,
): void {
  report.state = 'finished';
  report.end_time = endedAt.toISOString();
  report.total_duration = secondsFromMs(endedAt.getTime() - Date.parse(report.start_time));
  report.stop_reason = stopReason;
  report.signal = signal;
  report.summary = summarize(report.tasks);
  report.success = stopReason !== 'aborted' && Object.values(report.tasks).every((task) => !task.critical || task.status === 'succeeded');
}

function summarize(tasks: Record<string, TaskReport>): Record<TaskStatus, number> {
  const summary: Record<TaskStatus, number> = { succeeded: 0, failed: 0, skipped: 0, timed_out: 0 };
  for (const task of Object.values(tasks)) {
    if (task.status !== 'pending' && task.status !== 'running') summary[task.status] += 1;
  }
  return summary;
}
