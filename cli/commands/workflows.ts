/**
 * `etl-cycle workflows list [--json]`: the workflows declared for the built-in orchestrator.
 * The implementation is in cli/actions/workflows.ts, loaded only when a subcommand runs.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface ListArgs extends GlobalArgs {
  json: boolean;
}

const listCommand: CommandModule<GlobalArgs, ListArgs> = {
  command: 'list',
  describe: 'List the workflows: name, tasks (and how many dependencies they pull in), description',
  builder: (y: Argv<GlobalArgs>) =>
    y.option('json', { type: 'boolean', default: false, describe: 'Print a JSON array' }) as unknown as Argv<ListArgs>,
  handler: async (args: ArgumentsCamelCase<ListArgs>) => {
    const { listWorkflows } = await import('../actions/workflows.js');
    process.stdout.write(await listWorkflows(args));
  },
};

export const workflowsCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'workflows <command>',
  describe: 'The workflows of the built-in orchestrator',
  builder: (y: Argv<GlobalArgs>) => y.command(listCommand).demandCommand(1, 'name a subcommand: list'),
  handler: () => undefined,
};
