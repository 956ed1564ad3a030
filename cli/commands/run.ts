/**
 * `etl-cycle run`: the self-healing loop on the project's stack. The loop itself is in
 * cli/actions/run.ts, loaded only when this command runs.
 */
import { GIT_MODES } from '../../core/git-modes.js';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface RunArgs extends GlobalArgs {
  /** As typed: parsed (and refused with the flag and the value named) in cli/parse-overrides.ts. */
  maxIterations?: string;
  timeBudget?: string;
  git?: string;
  logDir?: string;
  keepServices: boolean;
  progress: boolean;
  json: boolean;
  trigger?: string;
  workflow?: string;
  explain: boolean;
  junit?: string;
  dryRun: boolean;
  /** incremental | full: passed to the built-in orchestrator (windows, docs/data.md). */
  mode?: string;
}

export const runCommand: CommandModule<GlobalArgs, RunArgs> = {
  command: 'run',
  describe: 'Bring the stack up green: rebuild, orchestrate, classify, adjust, retry',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('dry-run', {
        type: 'boolean',
        default: false,
        describe: 'Check everything a run needs (config, Compose, engine, images, ports) and print the plan; change nothing',
      })
      .option('mode', {
        type: 'string',
        requiresArg: true,
        describe: 'A windowed workflow (orchestrator.workflow with window:): incremental or full, passed to the orchestrator',
      })
      .option('max-iterations', { type: 'string', requiresArg: true, describe: 'Iteration limit (overrides loop.max_iterations)' })
      .option('time-budget', { type: 'string', describe: 'Stop after this long, e.g. 20m (overrides loop.time_budget)' })
      .option('git', { type: 'string', choices: GIT_MODES, describe: 'Git snapshot mode (overrides git.mode)' })
      .option('workflow', { type: 'string', describe: 'Run this workflow of the built-in orchestrator (overrides orchestrator.workflow)' })
      .option('log-dir', { type: 'string', describe: 'Folder for logs and reports (overrides logs.dir)' })
      .option('keep-services', { type: 'boolean', default: false, describe: 'Leave the services running whatever the outcome' })
      .option('progress', { type: 'boolean', default: true, describe: 'Live progress on a terminal (--no-progress for plain lines)' })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'Print the final report as JSON on stdout',
      })
      .option('trigger', {
        type: 'string',
        choices: ['manual', 'ci', 'hook', 'schedule', 'api'],
        describe: 'What started this run, for the history (default: ETL_CYCLE_TRIGGER, else ci in CI, else manual)',
      })
      .option('explain', {
        type: 'boolean',
        default: false,
        describe: 'Before starting, print what the history predicts: usual time to green, usual classes, learned deadlines',
      })
      .option('junit', {
        type: 'string',
        describe: 'Also write the run as JUnit XML to this file (one suite per iteration, one case per task)',
      }) as unknown as Argv<RunArgs>,
  handler: async (args: ArgumentsCamelCase<RunArgs>) => {
    if (args.dryRun) {
      const { dryRunAgent } = await import('../actions/dry-run.js');
      process.exitCode = await dryRunAgent(args);
      return;
    }
    const { runAgent } = await import('../actions/run.js');
    process.exitCode = await runAgent(args);
  },
};
