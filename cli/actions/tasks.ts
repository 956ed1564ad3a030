/**
 * What `etl-cycle tasks list` does. Loaded lazily by cli/commands/tasks.ts.
 */
import { findConfigFile, loadConfig } from '../../config/load-config.js';
import { formatTaskList, taskListJson } from '../../orchestrator/format-definitions.js';
import type { ListArgs } from '../commands/tasks.js';

export async function listTasks(args: ListArgs): Promise<string> {
  const config = await loadConfig(await findConfigFile(process.cwd(), args.config));
  const tasks = args.category === undefined ? config.tasks : config.tasks.filter((task) => task.category === args.category);
  return args.json ? `${JSON.stringify(taskListJson(tasks), null, 2)}\n` : formatTaskList(tasks);
}
