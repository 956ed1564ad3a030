import type { RetryPolicy } from '../config/types.js';
import { exponentialDelay } from '../core/exponential-delay.js';

/** The wait before retry number `retry` (1 = the first retry), per the task's retry policy. */
export function retryDelayMs(policy: RetryPolicy, retry: number): number {
  return exponentialDelay(retry, policy);
}
