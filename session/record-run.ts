/**
 * One run of the loop as a session: under the project lock (a second etl-cycle on the project is
 * refused, a dead one's leftovers are cleaned first), recorded in the ledger from start to end,
 * with the first iteration's deadlines learned from past green runs. `etl-cycle run` and the
 * programmatic `runCycle()` both start runs through here, so neither can tear down the stack of
 * a run the other started, and both end up in `etl-cycle history`.
 */
import { hostname } from 'node:os';
import type { AgentObserver } from '../agent/observer.js';
import { writeReport } from '../agent/report.js';
import type { RunReport } from '../agent/report.js';
import { errorMessage } from '../core/errors.js';
import { maskSecrets } from '../core/secret-masker.js';
import type { HistoryStoreError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { readVersion } from '../core/package-info.js';
import type { GapsProvider } from '../alerts/types.js';
import { configHash } from '../history/config-hash.js';
import { listGaps } from '../history/gaps.js';
import type { HistoryStore } from '../history/store/history-store.js';
import type { LearnedDeadlines } from '../history/learned-deadlines.js';
import type { Trigger } from '../history/types.js';
import type { Project } from '../project/open-project.js';
import { annotateReport } from './annotate-report.js';
import { gitHeadOf } from './git-head.js';
import { explainForRun, learnForRun } from './learn-for-run.js';
import { beginProjectSession } from './project-session.js';
import { recordingObserver } from './recording-observer.js';
import { RunLedger } from './run-ledger.js';

export interface RunContext {
  /** Wraps the caller's observer so every iteration is recorded as it ends. */
  observer: (inner: AgentObserver) => AgentObserver;
  learnedDeadlines: LearnedDeadlines | undefined;
}

export interface RecordedRunOptions {
  project: Project;
  executionId: string;
  reportFile: string;
  trigger: Trigger;
  /** Where the built-in orchestrator's reports are (for the task runs of each iteration). */
  orchestrationLogsDirs: readonly string[];
  warn: (message: string) => void;
  logger: Logger;
  /** Receives what the history predicts (run --explain) before the run starts. */
  explain?: (lines: readonly string[]) => void;
  /** Runs the loop with the observer that records it and the learned deadlines. */
  run: (context: RunContext) => Promise<RunReport>;
}

export interface RecordedRun {
  /** The final report, with the ledger id (also written to the report file). */
  report: RunReport;
  /** The first ledger write that failed, if one did (the run went on: history.required decides what it means). */
  ledgerFailure: HistoryStoreError | undefined;
}

export async function recordRun(options: RecordedRunOptions): Promise<RecordedRun> {
  const { project, executionId, warn, logger } = options;
  const { config } = project;
  const session = await beginProjectSession({
    project,
    command: 'run',
    executionId,
    reportFile: options.reportFile,
    openStore: true,
    warn,
    logger,
  });
  let ledger: RunLedger | undefined;
  let report: RunReport | undefined;
  let startedAt = Date.now();
  try {
    const learned = await learnForRun(session.store, project).catch((error: unknown) => {
      warn(`history: cannot learn deadlines (${errorMessage(error)}); using the configured ones`);
      return undefined;
    });
    if (options.explain)
      options.explain(
        await explainForRun(session.store, project, learned).catch((error: unknown) => [
          `history: cannot explain from the history (${errorMessage(error)})`,
        ]),
      );
    ledger = new RunLedger({
      store: session.store,
      lock: session.lock,
      executionId,
      project: project.name,
      orchestrationLogsDirs: [...options.orchestrationLogsDirs],
      retentionMs: config.history.retentionMs,
      // A crash's message (an engine or git error) may carry a URL password or a registered secret.
      mask: maskSecrets,
      warn,
      logger,
    });
    const head = await gitHeadOf(config.dir);
    startedAt = Date.now();
    ledger.start({
      id: executionId,
      project: project.name,
      trigger: options.trigger,
      startedAt,
      maxIterations: config.loop.maxIterations,
      gitSha: head.sha,
      gitBranch: head.branch,
      host: hostname(),
      pid: process.pid,
      version: readVersion(),
      configHash: configHash(config),
      reportFile: options.reportFile,
    });
    const recording = ledger;
    report = await options.run({ observer: (inner) => recordingObserver(inner, recording), learnedDeadlines: learned });
    await ledger.flush();
    report = annotateReport(report, ledger.entryId, learned);
    await writeReport(report);
    // metrics.textfile / metrics.pushgateway, read back from the ledger the run just finished; prom-client loads only when asked for.
    if (session.store && (config.metrics.textfile !== undefined || config.metrics.pushgateway !== undefined)) {
      const { exportRunMetrics } = await import('../metrics/export-run-metrics.js');
      const store = session.store;
      await exportRunMetrics({
        config,
        store,
        project: project.name,
        warn,
        countGaps: async (name) => (await listGaps(store, name)).length,
      });
    }
    // After the end is in the ledger (recovery and the success rate read it), while it is open; never changes the result.
    if (config.alerts.webhooks.length > 0) {
      const { sendRunAlerts } = await import('./run-alerts.js');
      await sendRunAlerts({
        report,
        settings: config.alerts,
        store: session.store,
        gaps: session.store ? gapsProviderOf(session.store) : undefined,
        trigger: options.trigger,
        version: readVersion(),
        logger,
        warn,
      }).catch((error: unknown) => warn(`alerts: not sent (${errorMessage(error)}); the run's result is unchanged`));
    }
    return { report, ledgerFailure: ledger.failure };
  } catch (error) {
    // Whatever stopped the run before it could report (no engine, a bug) is its end in the ledger.
    if (!report) ledger?.crashed(errorMessage(error), startedAt);
    throw error;
  } finally {
    await ledger?.flush();
    await session.release();
  }
}

/** The alerts' `gaps` rule reads the data windows' gaps (history/gaps.ts): how many, and how old the oldest failure is. */
function gapsProviderOf(store: HistoryStore): GapsProvider {
  return async (project) => {
    const gaps = await listGaps(store, project);
    return { count: gaps.length, oldestAgeMs: gaps.reduce((oldest, gap) => Math.max(oldest, gap.ageMs), 0) };
  };
}
