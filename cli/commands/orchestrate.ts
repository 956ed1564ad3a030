/**
 * `etl-cycle orchestrate`: the built-in orchestrator on the command line (and what the agent
 * runs for `orchestrator.workflow`).
 *   orchestrate --workflow NAME | --tasks ID ... [--parallel] [--max-workers N]
 *               [--continue-on-failure] [--dry-run] [--resume ID]
 *   orchestrate validate
 *   orchestrate status [--latest | --execution-id ID] [--json]
 * Exit codes: 0 every critical task succeeded, 1 otherwise, 2 config/usage, 130/143 signals.
 * The implementation is in cli/actions/orchestrate.ts, loaded only when one of these runs.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface OrchestrateArgs extends GlobalArgs {
  workflow?: string;
  tasks?: string[];
  parallel?: boolean;
  /** As typed: parsed (and refused with the flag and the value named) in the action. */
  maxWorkers?: string;
  continueOnFailure?: boolean;
  dryRun: boolean;
  resume?: string;
  /** incremental | full, for a workflow with window: (checked in the action). */
  mode?: string;
  /** ISO 8601 start of the window to run instead of the next one. */
  window?: string;
}

export interface StatusArgs extends GlobalArgs {
  latest: boolean;
  executionId?: string;
  json: boolean;
}

const validateCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'validate',
  describe: 'Check the tasks and workflows: references, dependency cycles, exec services',
  handler: async (args: ArgumentsCamelCase<GlobalArgs>) => {
    const { validateTasks } = await import('../actions/orchestrate.js');
    process.stdout.write(await validateTasks(args));
  },
};

const statusCommand: CommandModule<GlobalArgs, StatusArgs> = {
  command: 'status',
  describe: 'Show an execution (--latest, --execution-id ID) or list them all',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('latest', { type: 'boolean', default: false, describe: 'The newest execution' })
      .option('execution-id', { type: 'string', describe: 'This execution' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report (or the list of reports) as JSON' })
      .conflicts('latest', 'execution-id') as unknown as Argv<StatusArgs>,
  handler: async (args: ArgumentsCamelCase<StatusArgs>) => {
    const { orchestrationStatus } = await import('../actions/orchestrate.js');
    process.stdout.write(await orchestrationStatus(args));
  },
};

export const orchestrateCommand: CommandModule<GlobalArgs, OrchestrateArgs> = {
  command: 'orchestrate',
  describe: 'Run tasks of the built-in orchestrator: a workflow, or tasks by id (with their dependencies)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .command(validateCommand)
      .command(statusCommand)
      .option('workflow', { alias: 'w', type: 'string', describe: 'Run this workflow' })
      .option('tasks', { alias: 't', type: 'string', array: true, describe: 'Run these tasks (and what they depend on)' })
      .option('parallel', { type: 'boolean', describe: 'Run independent tasks at the same time' })
      .option('max-workers', { type: 'string', requiresArg: true, describe: 'At most this many tasks at once (implies --parallel)' })
      .option('continue-on-failure', { type: 'boolean', describe: 'A failed critical task stops only what depends on it' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan and run nothing' })
      .option('mode', {
        type: 'string',
        requiresArg: true,
        describe: 'A windowed workflow: incremental (the next window) or full (recover the oldest gaps first, then the next window)',
      })
      .option('window', {
        type: 'string',
        requiresArg: true,
        describe: 'A windowed workflow: run the window starting at this ISO 8601 time (a backfill) instead of the next one',
      })
      .option('resume', {
        type: 'string',
        describe: 'Skip the tasks that succeeded in this earlier execution',
      }) as unknown as Argv<OrchestrateArgs>,
  handler: async (args: ArgumentsCamelCase<OrchestrateArgs>) => {
    const { orchestrate } = await import('../actions/orchestrate.js');
    process.exitCode = await orchestrate(args);
  },
};
