/**
 * The alerts of a run's end: evaluate which events fired, deliver each to every webhook that
 * takes it (all at once: a slow chat does not hold back the pager), record every attempt, and
 * report what could not be delivered as warnings. Never throws and never changes the run's result.
 */
import { errorMessage } from '../core/errors.js';
import { deliverAlert } from './deliver-alert.js';
import type { DeliveryResult } from './deliver-alert.js';
import { evaluateAlerts } from './evaluate-alerts.js';
import type { AlertLedger, AlertSettings, DeliveryAttempt, GapsProvider, RunOutcome } from './types.js';

export interface SendAlertsOptions {
  run: RunOutcome;
  settings: AlertSettings;
  /** Undefined when the project keeps no history: recovery and success_rate then stay silent. */
  ledger?: AlertLedger;
  /** Undefined until gap tracking exists: the gaps rule then stays silent. */
  gaps?: GapsProvider;
  env: Readonly<Record<string, string | undefined>>;
  version: string;
  warn: (message: string) => void;
  /** Every attempt also goes here (the run's log file). */
  onAttempt?: (attempt: DeliveryAttempt) => void;
  /** A configured event that could not be evaluated, and why (for the log: it is the setup, not a fault). */
  onSkipped?: (reason: string) => void;
  signal?: AbortSignal;
}

export interface SentAlert {
  event: string;
  webhook: string;
  result: DeliveryResult;
}

export async function sendAlerts(options: SendAlertsOptions): Promise<SentAlert[]> {
  const { settings, ledger, warn } = options;
  if (settings.webhooks.length === 0) return [];
  const { notices, skipped } = await evaluateAlerts({ run: options.run, settings, ledger, gaps: options.gaps });
  for (const reason of skipped) options.onSkipped?.(reason);
  let recordWarned = false;
  const onAttempt = async (attempt: DeliveryAttempt) => {
    options.onAttempt?.(attempt);
    if (!ledger) return;
    await ledger.recordDelivery(attempt).catch((error: unknown) => {
      if (recordWarned) return;
      recordWarned = true;
      warn(`alerts: cannot record delivery attempts in the history (${errorMessage(error)})`);
    });
  };
  const jobs = notices.flatMap((notice) =>
    settings.webhooks
      .filter((webhook) => webhook.events.includes(notice.event))
      .map(async (webhook): Promise<SentAlert> => {
        const result = await deliverAlert({
          notice,
          webhook,
          settings,
          env: options.env,
          version: options.version,
          onAttempt,
          signal: options.signal,
        });
        if (!result.delivered)
          warn(
            `alert ${notice.event} to webhook ${webhook.name} not delivered${result.attempts > 1 ? ` after ${result.attempts} attempts` : ''}: ${result.error}; the run's result is unchanged`,
          );
        return { event: notice.event, webhook: webhook.name, result };
      }),
  );
  return Promise.all(jobs);
}
