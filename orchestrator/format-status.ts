/**
 * `etl-cycle orchestrate status`: one execution in detail (each task's status, duration,
 * attempts, error and log), or the list of executions, newest first.
 */
import { formatDuration } from '../core/duration.js';
import { formatTable } from '../core/format-table.js';
import { describeRowCounts } from '../core/row-metrics.js';
import type { OrchestrationReport, TaskReport } from './types.js';

const MARK: Record<TaskReport['status'], string> = {
  succeeded: '✔',
  failed: '✖',
  timed_out: '✖',
  skipped: '⊘',
  pending: '·',
  running: '▶',
};

export function formatReport(report: OrchestrationReport): string {
  const what = report.workflow ? `workflow ${report.workflow}` : `tasks ${report.requested_tasks.join(', ')}`;
  const lines = [`orchestration ${report.execution_id}: ${what} — ${verdictOf(report)}`];
  const details = [
    `started ${report.start_time}`,
    ...(report.total_duration === null ? [] : [`took ${formatDuration(report.total_duration * 1000)}`]),
    report.parallel ? `parallel, up to ${report.max_workers} at once` : 'one at a time',
    ...(report.timeout_factor === 1 ? [] : [`timeouts ×${report.timeout_factor}`]),
    ...(report.resumed_from ? [`resumed ${report.resumed_from}`] : []),
    ...(report.parent_execution_id ? [`run ${report.parent_execution_id} iteration ${report.iteration ?? '?'}`] : []),
  ];
  lines.push(details.join(', '));
  const rows = report.execution_order
    .map((id) => report.tasks[id])
    .filter((task): task is TaskReport => task !== undefined)
    .map((task) => [
      `  ${MARK[task.status]}`,
      task.task_id,
      task.status.replace('_', ' '),
      task.duration === null ? '' : formatDuration(task.duration * 1000),
      task.attempts > 1 ? `${task.attempts} attempts` : '',
      describeRowCounts(task.metrics),
      task.resumed_from ? `done in ${task.resumed_from}` : (task.error ?? ''),
    ]);
  lines.push(formatTable(rows));
  const failed = Object.values(report.tasks).filter((task) => (task.status === 'failed' || task.status === 'timed_out') && task.log_file);
  for (const task of failed) lines.push(`log of ${task.task_id}: ${task.log_file}`);
  return `${lines.join('\n')}\n`;
}

export function formatReportList(reports: readonly OrchestrationReport[]): string {
  if (reports.length === 0) return 'no orchestrations yet\n';
  const rows = [['EXECUTION ID', 'STARTED', 'WORKFLOW / TASKS', 'RESULT', 'DURATION', 'TASKS OK']];
  for (const report of reports) {
    const total = Object.keys(report.tasks).length;
    rows.push([
      report.execution_id,
      report.start_time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      report.workflow ?? report.requested_tasks.join(','),
      verdictOf(report),
      report.total_duration === null ? '-' : formatDuration(report.total_duration * 1000),
      `${report.summary.succeeded}/${total}`,
    ]);
  }
  return `${formatTable(rows)}\n`;
}

function verdictOf(report: OrchestrationReport): string {
  if (report.state === 'running') return 'running';
  if (report.stop_reason === 'aborted') return `aborted${report.signal ? ` (${report.signal})` : ''}`;
  return report.success ? 'succeeded' : 'failed';
}
