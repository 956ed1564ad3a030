/**
 * `etl-cycle tasks list [--category C] [--json]`: the tasks declared for the built-in orchestrator.
 * The implementation is in cli/actions/tasks.ts, loaded only when a subcommand runs.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface ListArgs extends GlobalArgs {
  category?: string;
  json: boolean;
}

const listCommand: CommandModule<GlobalArgs, ListArgs> = {
  command: 'list',
  describe: 'List the tasks: id, category, critical, dependencies, what each runs',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('category', { type: 'string', describe: 'Only tasks of this category (extraction, load, ...)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print a JSON array' }) as unknown as Argv<ListArgs>,
  handler: async (args: ArgumentsCamelCase<ListArgs>) => {
    const { listTasks } = await import('../actions/tasks.js');
    process.stdout.write(await listTasks(args));
  },
};

export const tasksCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'tasks <command>',
  describe: 'The tasks of the built-in orchestrator',
  builder: (y: Argv<GlobalArgs>) => y.command(listCommand).demandCommand(1, 'name a subcommand: list'),
  handler: () => undefined,
};
