/**
 * The tasks an execution runs: the requested ones plus, transitively, everything they depend
 * on (asking for `load` brings in `create_schema` and `create_users`). Returned in declaration
 * order; ids must be known (checkTasks and planExecution make sure of it).
 */
import type { TaskConfig } from '../config/types.js';

export function selectTasks(tasks: readonly TaskConfig[], requested: readonly string[]): TaskConfig[] {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const selected = new Set<string>();
  const pending = [...requested];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (selected.has(id)) continue;
    selected.add(id);
    pending.push(...(byId.get(id)?.dependsOn ?? []));
  }
  return tasks.filter((task) => selected.has(task.id));
}
