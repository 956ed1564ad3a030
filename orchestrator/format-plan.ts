/**
 * The dry run: what an execution would do, and nothing more — the order, which tasks could
 * overlap, and per task what it runs (as written, variables not expanded), its timeout after
 * ETL_CYCLE_TIMEOUT_FACTOR, retries and whether it is critical.
 */
import { formatDuration } from '../core/duration.js';
import { describeAction } from './describe-action.js';
import { formatTable } from '../core/format-table.js';
import type { ExecutionPlan } from './plan-execution.js';

export function formatPlan(plan: ExecutionPlan): string {
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
    .forEach((row, index) => lines.push(row, `      ${describeAction(plan.tasks[index]!.action)}`));
  lines.push('', 'parallel groups (each group can start once the one before it is done):');
  plan.groups.forEach((group, index) => lines.push(`  ${index + 1}: ${group.join(', ')}`));
  return `${lines.join('\n')}\n`;
}
