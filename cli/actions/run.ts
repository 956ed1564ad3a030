/**
 * What `etl-cycle run` does: the self-healing loop on the project's stack, under the project
 * lock, recorded in the run ledger. Loaded lazily by cli/commands/run.ts, so `--help` and the
 * other commands do not pay for the agent.
 */
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { prepareRun } from '../../agent/prepare-run.js';
import { runCycle } from '../../agent/run-cycle.js';
import { writeReport } from '../../agent/report.js';
import type { RunReport } from '../../agent/report.js';
import { checkTasks } from '../../orchestrator/check-tasks.js';
import { errorMessage, EXIT_FAILURE, EXIT_SIGINT, EXIT_SIGTERM, EXIT_SUCCESS } from '../../core/errors.js';
import { newExecutionId } from '../../core/execution-id.js';
import { createLogger } from '../../core/logger.js';
import { configHash } from '../../history/config-hash.js';
import type { LearnedDeadlines } from '../../history/learned-deadlines.js';
import { detectTrigger } from '../../history/trigger.js';
import { maskSecretsDeep, processMasker } from '../../core/secret-masker.js';
import { openConfig, projectOf } from '../../project/open-project.js';
import { protectSecrets } from '../../project/protect-secrets.js';
import { addMaskCommands } from '../ci/github-add-mask.js';
import type { RunArgs } from '../commands/run.js';
import { annotateReport } from '../history/annotate-report.js';
import { gitHeadOf } from '../history/git-head.js';
import { explainForRun, learnForRun } from '../history/learn-for-run.js';
import { beginProjectSession } from '../history/project-session.js';
import type { ProjectSession } from '../history/project-session.js';
import { recordingObserver } from '../history/recording-observer.js';
import { RunLedger } from '../history/run-ledger.js';
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
  let report: RunReport | undefined;
  let session: ProjectSession | undefined;
  let ledger: RunLedger | undefined;
  let startedAt = Date.now();
  try {
    const project = await projectOf(config, warn);
    // Before anything prints: from here on every sink masks the project's secrets.
    const secrets = await protectSecrets(project, process.env);
    if (mode.githubActions) process.stderr.write(addMaskCommands(processMasker.values));
    secrets.warnings.forEach(warn);
    // A broken task graph fails now, once, not inside every iteration's orchestrate phase.
    checkTasks(config, project.model);
    session = await beginProjectSession({ project, command: 'run', executionId, reportFile, openStore: true, warn, logger });
    const learned: LearnedDeadlines | undefined = await learnForRun(session.store, project).catch((error: unknown) => {
      warn(`history: cannot learn deadlines (${(error as Error).message}); using the configured ones`);
      return undefined;
    });
    if (args.explain) for (const line of await explainForRun(session.store, project, learned)) process.stderr.write(`${line}\n`);

    ledger = new RunLedger({
      store: session.store,
      lock: session.lock,
      executionId,
      project: project.name,
      // The built-in orchestrator writes its reports under the logs.dir of etl-cycle.yaml, which --log-dir does not change.
      orchestrationLogsDirs:
        config.orchestrator.workflow === undefined
          ? []
          : args.logDir === undefined
            ? [config.logs.dir]
            : [config.logs.dir, (await openConfig({ cwd, configPath: args.config })).logs.dir],
      retentionMs: config.history.retentionMs,
      warn,
      logger,
    });
    const head = await gitHeadOf(config.dir);
    startedAt = Date.now();
    ledger.start({
      id: executionId,
      project: project.name,
      trigger,
      startedAt,
      maxIterations: config.loop.maxIterations,
      gitSha: head.sha,
      gitBranch: head.branch,
      host: hostname(),
      pid: process.pid,
      version: readVersion(),
      configHash: configHash(config),
      reportFile,
    });
    const env = await prepareRun({
      project,
      executionId,
      logger,
      observer: recordingObserver(renderer, ledger),
      ci: mode.ci,
      selfCommand: selfCommand(),
      learnedDeadlines: learned,
      engine: engineSelection(args),
      onWarning: warn,
    });
    report = await runCycle({ env, version: readVersion(), signal: signals.signal, keepServices: args.keepServices });
    await ledger.flush();
    report = annotateReport(report, ledger.entryId, learned);
    await writeReport(report);
    // After the end is in the ledger (recovery and success rate read it), while the ledger is open; never changes the exit code.
    if (config.alerts.webhooks.length > 0) {
      const { sendRunAlerts } = await import('../alerts/send-run-alerts.js');
      await sendRunAlerts({ report, settings: config.alerts, store: session.store, trigger, version: readVersion(), logger, warn }).catch(
        (error: unknown) => warn(`alerts: not sent (${errorMessage(error)}); the run's result is unchanged`),
      );
    }
  } catch (error) {
    // Whatever stopped the run before it could report (no engine, a bug) is its end in the ledger.
    if (!report) ledger?.crashed(errorMessage(error), startedAt);
    throw error;
  } finally {
    signals.dispose();
    await ledger?.flush();
    await session?.release();
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
  const failure = ledger?.failure;
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
