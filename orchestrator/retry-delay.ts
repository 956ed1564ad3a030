import type { RetryPolicy } from '../config/types.js';

/** The wait before retry number `retry` (1 = the first retry): initial × factor^(retry-1), at most max. */
export function retryDelayMs(policy: RetryPolicy, retry: number): number {
  return Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, retry - 1));
}
