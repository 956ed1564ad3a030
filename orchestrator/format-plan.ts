/**
 * The dry run: what an execution would do, and nothing more — the order, which tasks could
 * overlap, and per task what it runs (as written, variables not expanded), its timeout after
 * ETL_CYCLE_TIMEOUT_FACTOR, retries and whether it is critical.
 */
import { TASK_VARIABLES } from '../core/agent-variables.js';
import { formatDuration } from '../core/duration.js';
import type { TaskGates } from '../config/types.js';
import { formatCommandLine } from '../process/format-command-line.js';
import { describeAction } from './describe-action.js';
import { formatTable } from '../core/format-table.js';
import type { ExecutionPlan } from './plan-execution.js';

/** The variables a task sees besides the orchestrator's own environment: names only, never values. */
export function taskVariableNames(task: ExecutionPlan['tasks'][number], extra: readonly string[] = []): string[] {
  const fromEtlCycle =
    task.action.type === 'run'
      ? [TASK_VARIABLES.task, TASK_VARIABLES.attempt, TASK_VARIABLES.metricsFile]
      : task.action.type === 'exec'
        ? [TASK_VARIABLES.task, TASK_VARIABLES.attempt]
        : [];
  return [...Object.keys(task.env), ...(task.action.type === 'http' ? [] : [...fromEtlCycle, ...extra])];
}

/** `extraVariables`: set for every task on top (the window's ETL_WINDOW_START / ETL_WINDOW_END). */
export function formatPlan(plan: ExecutionPlan, extraVariables: readonly string[] = []): string {
  const what = plan.workflow ? `workflow ${plan.workflow.name}` : `tasks ${plan.requested.join(', ')}`;
  const how = plan.parallel ? `parallel, up to ${plan.maxWorkers} at once` : 'one at a time';
  const onFailure = plan.continueOnFailure
    ? 'a failed critical task stops only what depends on it'
    : 'a failed critical task stops the run';
  const lines = [`dry run — nothing is run. ${what}: ${plan.tasks.length} task(s), ${how}; ${onFailure}.`];
  if (plan.resume)
    lines.push(`resuming ${plan.resume.executionId}: ${plan.resume.succeeded.size} task(s) succeeded there and are not run again.`);
  lines.push('', 'order:');
  const rows = plan.tasks.map((task, index) => {
    const notes = [
      `timeout ${formatDuration(task.timeoutMs * plan.timeoutFactor)}`,
      ...(task.retries.count ? [`${task.retries.count} retr${task.retries.count === 1 ? 'y' : 'ies'}`] : []),
      ...(task.critical ? [] : ['not critical']),
      ...(task.dependsOn.length ? [`after ${task.dependsOn.join(', ')}`] : []),
      ...(plan.resume?.succeeded.has(task.id) ? [`done in ${plan.resume.executionId}, not run again`] : []),
    ];
    return [`  ${index + 1}.`, task.id, `[${task.category}]`, notes.join('; ')];
  });
  // Commands can be long: each goes on its own line under its task.
  formatTable(rows)
    .split('\n')
    .forEach((row, index) => {
      const task = plan.tasks[index]!;
      const names = taskVariableNames(task, extraVariables);
      lines.push(row, `      ${describeAction(task.action)}`, ...(names.length ? [`      env: ${names.join(', ')}`] : []));
      if (task.validate) lines.push(`      validate: ${describeGates(task.validate)}`);
    });
  lines.push('', 'parallel groups (each group can start once the one before it is done):');
  plan.groups.forEach((group, index) => lines.push(`  ${index + 1}: ${group.join(', ')}`));
  return `${lines.join('\n')}\n`;
}

function describeGates(gates: TaskGates): string {
  return [
    ...(gates.minAcceptanceRatio === undefined ? [] : [`acceptance ≥ ${gates.minAcceptanceRatio}`]),
    ...(gates.minRowsWritten === undefined ? [] : [`rows_written ≥ ${gates.minRowsWritten}`]),
    ...(gates.maxRowsRejected === undefined ? [] : [`rows_rejected ≤ ${gates.maxRowsRejected}`]),
    ...(gates.check === undefined ? [] : [`check ${formatCommandLine(gates.check.command)}`]),
  ].join(', ');
}
