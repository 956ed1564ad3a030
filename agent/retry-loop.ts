/**
 * The iteration loop's retry mechanics, on p-retry (the only file that imports it).
 * p-retry owns attempt counting, early stop and abort; the backoff wait itself is ours
 * (`onFailure` awaits it) so the CLI can show an exact countdown and a signal can cut it short.
 */
import pRetry, { AbortError } from 'p-retry';

/** Thrown by an attempt or by `onFailure` to end the loop at once with `reason`. */
export class StopRetrying extends Error {
  constructor(readonly reason: unknown) {
    super('stop retrying');
    this.name = 'StopRetrying';
  }
}

export interface RetryLoopOptions {
  attempts: number;
  signal?: AbortSignal;
  /** Called after each failed attempt that may be retried; await the backoff here, or throw StopRetrying. */
  onFailure: (error: Error, attemptNumber: number, attemptsLeft: number) => Promise<void>;
}

export async function retryLoop<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryLoopOptions): Promise<T> {
  return pRetry(
    async (attemptNumber) => {
      try {
        return await attempt(attemptNumber);
      } catch (error) {
        if (error instanceof StopRetrying) throw new AbortError(error);
        throw error;
      }
    },
    {
      retries: Math.max(0, options.attempts - 1),
      minTimeout: 0,
      maxTimeout: 0,
      factor: 1,
      randomize: false,
      signal: options.signal,
      // A bug (TypeError etc.) must surface, not be retried: only iteration failures are retried.
      shouldRetry: ({ error }) => !(error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError),
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft <= 0) return;
        await options.onFailure(error, attemptNumber, retriesLeft);
      },
    },
  );
}
