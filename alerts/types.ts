/**
 * The vocabulary of alerts: what a run's end looks like to them, what they read from and write
 * to the ledger (a narrow interface, so alerts/ needs no store: cli/alerts/ adapts the ledger),
 * what one alert says, and one delivery attempt as it is recorded.
 */
import type { AlertEvent } from '../config/types.js';

export type { AlertEvent, AlertSettings, AlertWebhook } from '../config/types.js';

/** How a run ended, as alerts need it (times epoch ms). */
export interface RunOutcome {
  executionId: string;
  project: string;
  /** aborted = stopped by a signal: a person did it, nobody is paged. */
  state: 'success' | 'failed' | 'aborted';
  stopReason: string | null;
  trigger: string | null;
  startedAt: number;
  endedAt: number;
  durationMs: number;
  iterations: number;
  maxIterations: number;
  /** The class behind the (last) failure. */
  mainClass: string | null;
  diagnosis: string | null;
  reportFile: string | null;
  host: string;
}

/** A finished execution the ledger holds, as alerts compare with it. */
export interface PastExecution {
  id: string;
  state: 'success' | 'failed' | 'interrupted';
  endedAt: number | null;
  mainClass: string | null;
}

export interface OutcomeCounts {
  success: number;
  failed: number;
  interrupted: number;
}

/** The data helper's gaps (issue: data windows): how many there are and how old the oldest is. */
export type GapsProvider = (project: string) => Promise<{ count: number; oldestAgeMs: number }>;

export interface AlertLedger {
  /** The newest execution before `executionId` that says something about the pipeline (success, failed, interrupted). */
  previousOutcome(project: string, executionId: string): Promise<PastExecution | undefined>;
  /** Outcomes of the executions started at or after `since` (this one included once it has ended). */
  countsSince(project: string, since: number): Promise<OutcomeCounts>;
  recordDelivery(attempt: DeliveryAttempt): Promise<void>;
}

/** One alert, before it is shaped for a webhook. */
export interface AlertNotice {
  event: AlertEvent;
  project: string;
  /** One line a person reads first (Slack's `text`). */
  summary: string;
  run: RunOutcome;
  /** What this event adds: the previous failure, the rate and window, the gaps. */
  details: Record<string, unknown>;
}

export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed' | 'not_sent';

/** One attempt to deliver one alert to one webhook (the ledger's etl_cycle_alert_deliveries). */
export interface DeliveryAttempt {
  /** The same for every attempt of one alert to one webhook (header X-Etl-Cycle-Delivery), so receivers can drop repeats. */
  deliveryId: string;
  attempt: number;
  executionId: string | null;
  project: string;
  webhook: string;
  event: AlertEvent;
  at: number;
  durationMs: number;
  httpStatus: number | null;
  outcome: DeliveryOutcome;
  error: string | null;
}
