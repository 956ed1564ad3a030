/**
 * `etl-cycle tasks list [--category C] [--json]`: the tasks declared for the built-in orchestrator.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { findConfigFile, loadConfig } from '../../config/load-config.js';
import { formatTaskList, taskListJson } from '../../orchestrator/format-definitions.js';
import type { GlobalArgs } from '../options.js';

interface ListArgs extends GlobalArgs { category?: string; json: boolean }

const listCommand: CommandModule<GlobalArgs, ListArgs> = {
  command: 'list',
  describe: 'List the tasks: id, category, critical, dependencies, what each runs',
  builder: (y: Argv<GlobalArgs>) => y
    .option('category', { type: 'string', describe: 'Only tasks of this category (extraction, load, ...)' })
    .option('json', { type: 'boolean', default: false, describe: 'Print a JSON array' }) as unknown as Argv<ListArgs>,
  handler: async (args: ArgumentsCamelCase<ListArgs>) => {
    process.stdout.write(await listTasks(args));
  },
};

export const tasksCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'tasks <command>',
  describe: 'The tasks of the built-in orchestrator',
  builder: (y: Argv<GlobalArgs>) => y.command(listCommand).demandCommand(1, 'name a subcommand: list'),
  handler: () => undefined,
};

export async function listTasks(args: ListArgs): Promise<string> {
  const config = await loadConfig(await findConfigFile(process.cwd(), args.config));
  const tasks = args.category === undefined ? config.tasks : config.tasks.filter((task) => task.category === args.category);
  return args.json ? `${JSON.stringify(taskListJson(tasks), null, 2)}\n` : formatTaskList(tasks);
}
