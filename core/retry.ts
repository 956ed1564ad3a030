/**
 * The one retry engine, on p-retry (the only file that imports it). Used by the agent's
 * iteration loop and by the built-in orchestrator's task retries.
 *
 * p-retry owns the attempts, the exponential wait between them, the abort signal and the time
 * budget. The contract with the operation is typed:
 * - it returns a value: done (success, or a failure retrying cannot fix — that is a result);
 * - it throws a `RetryableFailure`: try again, after a backoff wait or at once (`atOnce`);
 * - it throws anything else: a bug or an error of etl-cycle itself. It escapes at once,
 *   without a wait, so a programming error never sits through a backoff before it surfaces.
 * When the attempts or the budget run out, the last `RetryableFailure` is thrown; when the
 * signal aborts (also during a wait), the signal's reason is thrown.
 */
import pRetry, { AbortError } from 'p-retry';
import { EtlCycleError } from './errors.js';

/** The wait before the n-th wait-counting retry (n = 1 for the first): initial × factor^(n−1), at most max. */
export interface ExponentialDelay {
  initialMs: number;
  factor: number;
  maxMs: number;
}

/** Thrown by an attempt that should be tried again. `detail` is for the caller's bookkeeping. */
export class RetryableFailure<Detail = unknown> extends EtlCycleError {
  constructor(
    message: string,
    readonly detail: Detail,
    /** Try again without waiting, and without counting it as a wait (the exponent counts waits). */
    readonly atOnce = false,
  ) {
    super('E_RETRYABLE', message, 1);
  }
}

export interface RetryPolicy {
  /** Attempts in all, the first included (≥ 1). */
  attempts: number;
  delay: ExponentialDelay;
  /** No retry starts after this much time; a wait is cut to what is left of it. */
  budgetMs?: number;
  signal?: AbortSignal;
  /** Called after a failed attempt that will be retried, before the wait (`delayMs` is exact; 0 = at once). */
  onRetry?(info: { failure: RetryableFailure; attempt: number; delayMs: number }): void | Promise<void>;
}

export async function retry<T>(operation: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const startedAt = performance.now();
  const budgetMs = policy.budgetMs ?? Number.POSITIVE_INFINITY;
  let waits = 0;
  let lastFailure: RetryableFailure | undefined;
  /** The last wait was cut to what was left of the budget: when it ends, the budget has run out. */
  let waitCutToBudget = false;
  const remainingMs = () => budgetMs - (performance.now() - startedAt);
  const attempt = async (n: number): Promise<T> => {
    if (lastFailure && (waitCutToBudget || remainingMs() <= 0)) throw new AbortError(lastFailure);
    return operation(n);
  };
  return pRetry(attempt, {
    retries: Math.max(0, policy.attempts - 1),
    minTimeout: policy.delay.initialMs,
    factor: policy.delay.factor,
    maxTimeout: policy.delay.maxMs,
    randomize: false,
    maxRetryTime: budgetMs,
    signal: policy.signal,
    // Only typed retryable failures are retried; anything else is a bug and surfaces now.
    shouldRetry: ({ error }) => error instanceof RetryableFailure,
    // A retry at once is not a wait: it neither waits nor grows the next wait. p-retry then does
    // not count it either, so the attempt limit is checked in onFailedAttempt.
    shouldConsumeRetry: ({ error }) => !(error instanceof RetryableFailure && error.atOnce),
    onFailedAttempt: async ({ error, attemptNumber }) => {
      if (!(error instanceof RetryableFailure)) throw error;
      lastFailure = error;
      const left = remainingMs();
      if (attemptNumber >= policy.attempts || left <= 0) throw error;
      const wanted = error.atOnce ? 0 : delayBefore(waits + 1, policy.delay);
      waitCutToBudget = wanted >= left;
      const delayMs = Math.max(0, Math.min(wanted, left));
      if (!error.atOnce) waits += 1;
      await policy.onRetry?.({ failure: error, attempt: attemptNumber, delayMs: Math.round(delayMs) });
    },
  });
}

/**
 * p-retry's wait before its n-th counted retry (it is given the same numbers and no `randomize`),
 * computed here too so the caller can show an exact countdown.
 */
function delayBefore(n: number, delay: ExponentialDelay): number {
  return Math.min(delay.maxMs, Math.round(delay.initialMs * delay.factor ** Math.max(0, n - 1)));
}
