/**
 * What `etl-cycle run` does: the self-healing loop on the project's stack. Loaded lazily by
 * cli/commands/run.ts, so `--help` and the other commands do not pay for the agent.
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
import { maskSecretsDeep, processMasker } from '../../core/secret-masker.js';
import { openConfig, projectOf } from '../../project/open-project.js';
import { protectSecrets } from '../../project/protect-secrets.js';
import { addMaskCommands } from '../ci/github-add-mask.js';
import type { RunArgs } from '../commands/run.js';
import { writeCiOutputs } from '../ci/write-ci-outputs.js';
import { engineSelection, parseOverridesFromArgs } from '../options.js';
import { applyOverrides } from '../parse-overrides.js';
import type { LiveRenderer } from '../progress/live-renderer.js';
import { PlainRenderer } from '../progress/plain-renderer.js';
import { handleSignals } from '../signals.js';
import { detectTerminal } from '../terminal.js';
import { readVersion, selfCommand } from '../version.js';

export async function runAgent(args: RunArgs): Promise<number> {
  const cwd = process.cwd();
  const config = await openConfig({
    cwd,
    configPath: args.config,
    override: (loaded) => applyOverrides(loaded, parseOverridesFromArgs(args), (p) => resolve(cwd, p)),
  });
  const executionId = newExecutionId();
  await mkdir(config.logs.dir, { recursive: true });

  const mode = detectTerminal(process.env, process.stderr, { progress: args.progress });
  // The live renderer (log-update and its helpers) is loaded only for a terminal: CI never pays for it.
  const live: LiveRenderer | undefined = mode.live
    ? new (await import('../progress/live-renderer.js')).LiveRenderer(process.stderr, mode)
    : undefined;
  const renderer = live ?? new PlainRenderer(process.stderr, mode);
  const logger = createLogger({
    consoleLevel: args.debug ? 'debug' : 'warn',
    consoleWrite: renderer.writeLine,
    jsonFile: join(config.logs.dir, `auto_cycle_${executionId}.log`),
  });
  const signals = handleSignals(
    (signal) => `\netl-cycle: ${signal} again, exiting now; containers may be left behind: run \`etl-cycle down\` to remove them\n`,
  );
  let report: RunReport | undefined;
  try {
    const project = await projectOf(config, (w) => renderer.warning(w));
    // Before anything prints: from here on every sink masks the project's secrets.
    const secrets = await protectSecrets(project, process.env);
    if (mode.githubActions) process.stderr.write(addMaskCommands(processMasker.values));
    secrets.warnings.forEach((w) => renderer.warning(w));
    // A broken task graph fails now, once, not inside every iteration's orchestrate phase.
    checkTasks(config, project.model);
    const env = await prepareRun({
      project,
      executionId,
      logger,
      observer: renderer,
      ci: mode.ci,
      selfCommand: selfCommand(),
      engine: engineSelection(args),
      onWarning: (w) => renderer.warning(w),
    });
    report = await runCycle({ env, version: readVersion(), signal: signals.signal, keepServices: args.keepServices });
  } finally {
    signals.dispose();
    if (!report) live?.stop();
    await logger.close();
  }
  if (args.json) process.stdout.write(`${JSON.stringify(maskSecretsDeep(report), null, 2)}\n`);
  await writeCiOutputs(maskSecretsDeep(report), {
    env: process.env,
    junit: args.junit,
    cwd,
    warn: (w) => process.stderr.write(`etl-cycle: warning: ${w}\n`),
  });
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
