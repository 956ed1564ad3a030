/**
 * A run's alerts (`run`, the programmatic runCycle(), serve's runs: every run recordRun() records),
 * after its end is in the ledger and its report is written: the report turned
 * into the outcome alerts judge, the ledger behind them, each attempt in the run's log file.
 * Whatever happens here, the run's exit code stays what the stack said.
 */
import { hostname } from 'node:os';
import { sendAlerts } from '../alerts/send-alerts.js';
import type { SentAlert } from '../alerts/send-alerts.js';
import type { GapsProvider, RunOutcome } from '../alerts/types.js';
import type { RunReport } from '../agent/report.js';
import type { AlertSettings } from '../config/types.js';
import type { Logger } from '../core/logger.js';
import type { HistoryStore } from '../history/store/history-store.js';
import { alertLedgerOf } from './alert-ledger.js';

export interface RunAlertsOptions {
  report: RunReport;
  settings: AlertSettings;
  store: HistoryStore | undefined;
  trigger: string | null;
  version: string;
  logger: Logger;
  warn: (message: string) => void;
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The data windows' gaps (recordRun passes history/gaps.ts when the project keeps a ledger;
   * without one the `alerts.gaps` rule stays silent and the log says so).
   */
  gaps?: GapsProvider;
}

export async function sendRunAlerts(options: RunAlertsOptions): Promise<SentAlert[]> {
  const { logger } = options;
  if (options.settings.webhooks.length === 0) return [];
  return sendAlerts({
    run: runOutcomeOf(options.report, options.trigger),
    settings: options.settings,
    ledger: options.store ? alertLedgerOf(options.store) : undefined,
    gaps: options.gaps,
    env: options.env ?? process.env,
    version: options.version,
    warn: options.warn,
    onAttempt: (attempt) => logger.info('alert delivery attempt', { ...attempt }),
    onSkipped: (reason) => logger.info(`alert not evaluated: ${reason}`),
  });
}

export function runOutcomeOf(report: RunReport, trigger: string | null): RunOutcome {
  const startedAt = Date.parse(report.start_time);
  const endedAt = report.end_time ? Date.parse(report.end_time) : Date.now();
  const last = report.cycles.at(-1);
  const failedCycle = [...report.cycles].reverse().find((c) => !c.success && c.primary_class);
  return {
    executionId: report.execution_id,
    project: report.project,
    state: report.overall_success ? 'success' : report.stop_reason === 'aborted' ? 'aborted' : 'failed',
    stopReason: report.stop_reason,
    trigger,
    startedAt,
    endedAt,
    durationMs: Math.round(report.total_duration_seconds * 1000) || endedAt - startedAt,
    iterations: report.iterations_executed,
    maxIterations: report.max_iterations,
    mainClass: (report.overall_success ? failedCycle?.primary_class : (last?.primary_class ?? failedCycle?.primary_class)) ?? null,
    diagnosis: report.diagnosis,
    reportFile: report.report_file,
    host: report.agent?.host ?? hostname(),
  };
}
