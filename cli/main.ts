/**
 * The entry point: parses the command line, runs the command, and maps every error to one
 * clear line and an exit code. Only this file calls process.exit.
 *   0 green · 1 never came up green (or failed) · 2 usage/config errors · 130 SIGINT · 143 SIGTERM
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT_FAILURE, EXIT_USAGE, isEtlCycleError, UsageError } from '../core/errors.js';
import type { EtlCycleError } from '../core/errors.js';
import { classifyCommand } from './commands/classify.js';
import { configCommand } from './commands/config.js';
import { doctorCommand } from './commands/doctor.js';
import { downCommand } from './commands/down.js';
import { gapsCommand } from './commands/gaps.js';
import { historyCommand, showCommand, statsCommand } from './commands/history.js';
import { hookCommand } from './commands/hook.js';
import { initCommand } from './commands/init.js';
import { orchestrateCommand } from './commands/orchestrate.js';
import { patternsCommand } from './commands/patterns.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { scheduleCommand } from './commands/schedule.js';
import { tasksCommand } from './commands/tasks.js';
import { workflowsCommand } from './commands/workflows.js';
import type { GlobalArgs } from './options.js';
import { readVersion } from './version.js';

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    (await yargs(argv)
      .scriptName('etl-cycle')
      .usage('$0 <command> [options]\n\nAn autonomous, self-healing ETL cycle agent.')
      .option('config', { alias: 'c', type: 'string', describe: 'Path of etl-cycle.yaml (default: ./etl-cycle.yaml)' })
      .option('debug', { type: 'boolean', default: false, describe: 'Detailed logs on the console' })
      .option('engine', {
        type: 'string',
        describe:
          'Docker engine: an address (unix://, tcp://host:2376, ssh://user@host) or a docker context name (default: DOCKER_HOST, DOCKER_CONTEXT, the current context, the local socket)',
      })
      .option('allow-plaintext-engine', {
        type: 'boolean',
        describe: 'Allow a tcp:// engine without TLS (also ETL_CYCLE_ALLOW_PLAINTEXT_ENGINE=1)',
      })
      .command(initCommand)
      .command(runCommand)
      .command(downCommand)
      .command(doctorCommand)
      .command(classifyCommand)
      .command(patternsCommand)
      .command(configCommand)
      .command(orchestrateCommand)
      .command(tasksCommand)
      .command(workflowsCommand)
      .command(historyCommand)
      .command(showCommand)
      .command(statsCommand)
      .command(gapsCommand)
      .command(hookCommand)
      .command(serveCommand)
      .command(scheduleCommand)
      .demandCommand(1, 'name a command (run, down, ...); see --help')
      .strict()
      .recommendCommands()
      .version(readVersion())
      .help()
      .wrap(Math.min(110, process.stdout.columns ?? 80))
      .fail((message, error) => {
        throw error ?? new UsageError(message);
      })
      .parseAsync()) as GlobalArgs;
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return await reportError(error, debug);
  }
}

async function reportError(error: unknown, debug: boolean): Promise<number> {
  if (isEtlCycleError(error)) {
    process.stderr.write(`etl-cycle: ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ''}`);
    if (error.exitCode === EXIT_USAGE && process.env.GITHUB_ACTIONS === 'true') await annotateOnGithub(error);
    if (debug && error.cause) process.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return error.exitCode;
  }
  // yargs' own validation errors arrive as YError.
  if (error instanceof Error && error.name === 'YError') {
    process.stderr.write(`etl-cycle: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const text = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `etl-cycle: internal error: ${text}\nThis is a bug in etl-cycle; please report it with the command you ran and the log file in logs/.${debug ? '' : ' (--debug shows the stack)'}\n`,
  );
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT_FAILURE;
}

/** Loaded only on GitHub Actions, so other starts do not pay for it. */
async function annotateOnGithub(error: EtlCycleError): Promise<void> {
  const { errorAnnotation } = await import('./ci/error-annotation.js');
  const line = errorAnnotation(error, process.env, process.cwd());
  if (line) process.stderr.write(`${line}\n`);
}

process.exitCode = undefined;
const code = await main(hideBin(process.argv));
process.exit(code);
