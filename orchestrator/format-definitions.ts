/**
 * `etl-cycle tasks list` and `etl-cycle workflows list`: the declared tasks and workflows as a
 * table for people or JSON for scripts.
 */
import { secondsFromMs } from '../core/duration.js';
import type { TaskConfig, WorkflowConfig } from '../config/types.js';
import { describeAction } from './describe-action.js';
import { formatTable } from '../core/format-table.js';
import { selectTasks } from './select-tasks.js';

export function formatTaskList(tasks: readonly TaskConfig[]): string {
  if (tasks.length === 0) return 'no tasks\n';
  const rows = [['ID', 'CATEGORY', 'CRITICAL', 'DEPENDS ON', 'RUNS']];
  for (const task of tasks)
    rows.push([task.id, task.category, task.critical ? 'yes' : 'no', task.dependsOn.join(', ') || '-', describeAction(task.action)]);
  return `${formatTable(rows)}\n`;
}

export function taskListJson(tasks: readonly TaskConfig[]): unknown[] {
  return tasks.map((task) => ({
    id: task.id,
    name: task.name,
    description: task.description ?? null,
    category: task.category,
    critical: task.critical,
    depends_on: task.dependsOn,
    timeout_seconds: secondsFromMs(task.timeoutMs),
    retries: task.retries.count,
    action: task.action.type,
    command: describeAction(task.action),
  }));
}

export function formatWorkflowList(workflows: readonly WorkflowConfig[], tasks: readonly TaskConfig[]): string {
  if (workflows.length === 0) return 'no workflows\n';
  const rows = [['NAME', 'TASKS', 'RUNS', 'DESCRIPTION']];
  for (const workflow of workflows) {
    const all = selectTasks(tasks, workflow.tasks).length;
    const pulled = all - new Set(workflow.tasks).size;
    rows.push([
      workflow.name,
      `${workflow.tasks.join(', ')}${pulled ? ` (+${pulled} dependenc${pulled === 1 ? 'y' : 'ies'})` : ''}`,
      workflow.parallel ? `parallel ×${workflow.maxWorkers}` : 'one at a time',
      workflow.description ?? '',
    ]);
  }
  return `${formatTable(rows)}\n`;
}

export function workflowListJson(workflows: readonly WorkflowConfig[], tasks: readonly TaskConfig[]): unknown[] {
  return workflows.map((workflow) => ({
    name: workflow.name,
    description: workflow.description ?? null,
    tasks: workflow.tasks,
    all_tasks: selectTasks(tasks, workflow.tasks).map((task) => task.id),
    parallel: workflow.parallel,
    max_workers: workflow.maxWorkers,
    continue_on_failure: workflow.continueOnFailure,
  }));
}
