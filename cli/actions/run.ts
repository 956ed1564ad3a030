/**
 * What `etl-cycle run` does: the self-healing loop on the project's stack, under the project
 * lock, recorded in the run ledger. Loaded lazily by cli/commands/run.ts, so `--help` and the
 * other commands do not pay for the agent.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { prepareRun } from '../../agent/prepare-run.js';
import { runCycle } from '../../agent/run-cycle.js';
import type { RunReport } from '../../agent/report.js';
import { checkTasks } from '../../orchestrator/check-tasks.js';
import { EXIT_FAILURE, EXIT_SIGINT, EXIT_SIGTERM, EXIT_SUCCESS } from '../../core/errors.js';
import { newExecutionId } from '../../core/execution-id.js';
import { createLogger } from '../../core/logger.js';
import { detectTrigger } from '../../history/trigger.js';
import { maskSecretsDeep, processMasker } from '../../core/secret-masker.js';
import { openConfig, projectOf } from '../../project/open-project.js';
import { protectSecrets } from '../../project/protect-secrets.js';
import { addMaskCommands } from '../ci/github-add-mask.js';
import { recordRun } from '../../session/record-run.js';
import type { RecordedRun } from '../../session/record-run.js';
import { createBuiltinOrchestrator } from '../../session/builtin-orchestrator.js';
import { checkWindowMode } from '../../session/check-window-mode.js';
import type { RunArgs } from '../commands/run.js';
import { writeCiOutputs } from '../ci/write-ci-outputs.js';
import { engineSelection, parseOverridesFromArgs } from '../options.js';
import { applyOverrides } from '../parse-overrides.js';
import type { LiveRenderer } from '../progress/live-renderer.js';
import { PlainRenderer } from '../progress/plain-renderer.js';
import { handleSignals } from '../signals.js';
import { detectTerminal } from '../terminal.js';
import { readVersion } from '../version.js';

export async function runAgent(args: RunArgs): Promise<number> {
  const cwd = process.cwd();
  const config = await openConfig({
    cwd,
    configPath: args.config,
    override: (loaded) => applyOverrides(loaded, parseOverridesFromArgs(args), (p) => resolve(cwd, p)),
  });
  const windowMode = checkWindowMode(args.mode, config, '--mode');
  const executionId = newExecutionId();
  await mkdir(config.logs.dir, { recursive: true });

  const mode = detectTerminal(process.env, process.stderr, { progress: args.progress });
  const trigger = detectTrigger(args.trigger, process.env, mode.ci);
  // The live renderer (log-update and its helpers) is loaded only for a terminal: CI never pays for it.
  const live: LiveRenderer | undefined = mode.live
    ? new (await import('../progress/live-renderer.js')).LiveRenderer(process.stderr, mode)
    : undefined;
  const renderer = live ?? new PlainRenderer(process.stderr, mode);
  const warn = (message: string) => renderer.warning(message);
  const logger = createLogger({
    consoleLevel: args.debug ? 'debug' : 'warn',
    consoleWrite: renderer.writeLine,
    jsonFile: join(config.logs.dir, `auto_cycle_${executionId}.log`),
  });
  const signals = handleSignals(
    (signal) => `\netl-cycle: ${signal} again, exiting now; containers may be left behind: run \`etl-cycle down\` to remove them\n`,
  );
  const reportFile = join(config.logs.dir, `auto_cycle_report_${executionId}.json`);
  let recorded: RecordedRun | undefined;
  try {
    const project = await projectOf(config, warn);
    // Before anything prints: from here on every sink masks the project's secrets.
    const secrets = await protectSecrets(project, process.env);
    if (mode.githubActions) process.stderr.write(addMaskCommands(processMasker.values));
    secrets.warnings.forEach(warn);
    // A broken task graph fails now, once, not inside every iteration's orchestrate phase.
    checkTasks(config, project.model);
    recorded = await recordRun({
      project,
      executionId,
      reportFile,
      trigger,
      // The built-in orchestrator writes its reports under the logs.dir of etl-cycle.yaml, which --log-dir does not change.
      orchestrationLogsDirs:
        config.orchestrator.workflow === undefined
          ? []
          : args.logDir === undefined
            ? [config.logs.dir]
            : [config.logs.dir, (await openConfig({ cwd, configPath: args.config })).logs.dir],
      warn,
      logger,
      explain: args.explain ? (lines) => lines.forEach((line) => process.stderr.write(`${line}\n`)) : undefined,
      run: async ({ observer, learnedDeadlines }) => {
        const env = await prepareRun({
          project,
          executionId,
          logger,
          observer: observer(renderer),
          ci: mode.ci,
          builtinOrchestrator: createBuiltinOrchestrator({ project, logger, mode: windowMode }),
          learnedDeadlines,
          engine: engineSelection(args),
          onWarning: warn,
        });
        return runCycle({ env, version: readVersion(), signal: signals.signal, keepServices: args.keepServices });
      },
    });
  } finally {
    signals.dispose();
    if (!recorded) live?.stop();
    await logger.close();
  }
  const { report, ledgerFailure: failure } = recorded;
  if (args.json) process.stdout.write(`${JSON.stringify(maskSecretsDeep(report), null, 2)}\n`);
  await writeCiOutputs(maskSecretsDeep(report), {
    env: process.env,
    junit: args.junit,
    cwd,
    warn: (w) => process.stderr.write(`etl-cycle: warning: ${w}\n`),
  });
  if (failure && config.history.required && report.overall_success) {
    process.stderr.write(`etl-cycle: the stack is green, but history.required is set and ${failure.message}\n`);
    return EXIT_FAILURE;
  }
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
