/**
 * The wait before the n-th retry (n = 1 for the first): initial × factor^(n−1), at most max.
 * The agent's backoff between iterations adds jitter on top; the orchestrator's task retries
 * use it as is.
 */
export interface ExponentialDelay {
  initialMs: number;
  factor: number;
  maxMs: number;
}

export function exponentialDelay(n: number, settings: ExponentialDelay): number {
  return Math.min(settings.maxMs, settings.initialMs * settings.factor ** Math.max(0, n - 1));
}
