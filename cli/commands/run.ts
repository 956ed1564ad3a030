/**
 * `etl-cycle run`: the self-healing loop on the project's stack.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { prepareRun } from '../../agent/prepare-run.js';
import { runCycle } from '../../agent/run-cycle.js';
import type { RunReport } from '../../agent/report.js';
import { findConfigFile, loadConfig } from '../../config/load-config.js';
import { checkTasks } from '../../orchestrator/check-tasks.js';
import { EXIT_FAILURE, EXIT_SIGINT, EXIT_SIGTERM, EXIT_SUCCESS } from '../../core/errors.js';
import { newExecutionId } from '../../core/execution-id.js';
import { createLogger } from '../../core/logger.js';
import { writeGithubSummary } from '../github-summary.js';
import { parseOverridesFromArgs } from '../options.js';
import type { GlobalArgs } from '../options.js';
import { applyOverrides } from '../parse-overrides.js';
import { LiveRenderer } from '../progress/live-renderer.js';
import { PlainRenderer } from '../progress/plain-renderer.js';
import { handleSignals } from '../signals.js';
import { detectTerminal } from '../terminal.js';
import { readVersion, selfCommand } from '../version.js';

export interface RunArgs extends GlobalArgs {
  maxIterations?: number;
  timeBudget?: string;
  git?: string;
  logDir?: string;
  keepServices: boolean;
  progress: boolean;
  json: boolean;
}

export const runCommand: CommandModule<GlobalArgs, RunArgs> = {
  command: 'run',
  describe: 'Bring the stack up green: rebuild, orchestrate, classify, adjust, retry',
  builder: (y: Argv<GlobalArgs>) => y
    .option('max-iterations', { type: 'number', describe: 'Iteration limit (overrides loop.max_iterations)' })
    .option('time-budget', { type: 'string', describe: 'Stop after this long, e.g. 20m (overrides loop.time_budget)' })
    .option('git', { type: 'string', choices: ['ref', 'commit', 'push', 'off'], describe: 'Git snapshot mode (overrides git.mode)' })
    .option('log-dir', { type: 'string', describe: 'Folder for logs and reports (overrides logs.dir)' })
    .option('keep-services', { type: 'boolean', default: false, describe: 'Leave the services running whatever the outcome' })
    .option('progress', { type: 'boolean', default: true, describe: 'Live progress on a terminal (--no-progress for plain lines)' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the final report as JSON on stdout' }) as unknown as Argv<RunArgs>,
  handler: async (args: ArgumentsCamelCase<RunArgs>) => {
    process.exitCode = await runAgent(args);
  },
};

export async function runAgent(args: RunArgs): Promise<number> {
  const cwd = process.cwd();
  const configFile = await findConfigFile(cwd, args.config);
  const config = applyOverrides(await loadConfig(configFile), parseOverridesFromArgs(args), (p) => resolve(cwd, p));
  const executionId = newExecutionId();
  await mkdir(config.logs.dir, { recursive: true });

  const mode = detectTerminal(process.env, process.stderr, { progress: args.progress });
  const renderer = mode.live ? new LiveRenderer(process.stderr, mode) : new PlainRenderer(process.stderr, mode);
  const logger = createLogger({
    consoleLevel: args.debug ? 'debug' : 'warn',
    consoleWrite: renderer.writeLine,
    jsonFile: join(config.logs.dir, `auto_cycle_${executionId}.log`),
  });
  const signals = handleSignals((signal) => {
    process.stderr.write(`\netl-cycle: ${signal} again, exiting now; containers may be left behind: run \`etl-cycle down\` to remove them\n`);
    process.exit(signal === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT);
  });
  let report: RunReport | undefined;
  try {
    const env = await prepareRun({
      config, executionId, logger, observer: renderer, ci: mode.ci, selfCommand: selfCommand(),
      // A broken task graph fails now, once, not inside every iteration's orchestrate phase.
      checkProject: (project) => checkTasks(config, project),
    });
    report = await runCycle({ env, version: readVersion(), signal: signals.signal, keepServices: args.keepServices });
  } finally {
    signals.dispose();
    if (!report && renderer instanceof LiveRenderer) renderer.stop();
    await logger.close();
  }
  if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (mode.githubActions) await writeGithubSummary(report, process.env);
  return exitCodeFor(report, signals.signal);
}

function exitCodeFor(report: RunReport, signal: AbortSignal): number {
  if (report.overall_success) return EXIT_SUCCESS;
  if (report.stop_reason === 'aborted') {
    const reason = signal.reason as { signal?: string } | undefined;
    return reason?.signal === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT;
  }
  return EXIT_FAILURE;
}
