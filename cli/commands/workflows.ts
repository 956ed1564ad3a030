/**
 * `etl-cycle workflows list [--json]`: the workflows declared for the built-in orchestrator.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { findConfigFile, loadConfig } from '../../config/load-config.js';
import { formatWorkflowList, workflowListJson } from '../../orchestrator/format-definitions.js';
import type { GlobalArgs } from '../options.js';

interface ListArgs extends GlobalArgs { json: boolean }

const listCommand: CommandModule<GlobalArgs, ListArgs> = {
  command: 'list',
  describe: 'List the workflows: name, tasks (and how many dependencies they pull in), description',
  builder: (y: Argv<GlobalArgs>) => y
    .option('json', { type: 'boolean', default: false, describe: 'Print a JSON array' }) as unknown as Argv<ListArgs>,
  handler: async (args: ArgumentsCamelCase<ListArgs>) => {
    process.stdout.write(await listWorkflows(args));
  },
};

export const workflowsCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'workflows <command>',
  describe: 'The workflows of the built-in orchestrator',
  builder: (y: Argv<GlobalArgs>) => y.command(listCommand).demandCommand(1, 'name a subcommand: list'),
  handler: () => undefined,
};

export async function listWorkflows(args: ListArgs): Promise<string> {
  const config = await loadConfig(await findConfigFile(process.cwd(), args.config));
  return args.json ? `${JSON.stringify(workflowListJson(config.workflows, config.tasks), null, 2)}\n` : formatWorkflowList(config.workflows, config.tasks);
}
