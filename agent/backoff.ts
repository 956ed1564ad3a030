/**
 * Exponential backoff with jitter between iterations. Deterministic given `random`, so tests
 * pin it; the loop passes Math.random.
 *   base(n)  = min(max, initial × factor^(n−1))        n = waits so far, this one included
 *   delay(n) = base(n) × (1 − jitter × random())        in [base × (1 − jitter), base]
 * Jitter only shortens a wait, so `max` is a true upper bound and parallel CI jobs that failed
 * together do not retry in lockstep.
 */
import type { BackoffSettings } from '../config/types.js';
import { exponentialDelay } from '../core/exponential-delay.js';

export function backoffDelay(
  failures: number,
  settings: Pick<BackoffSettings, 'initialMs' | 'factor' | 'maxMs' | 'jitter'>,
  random: () => number = Math.random,
): number {
  if (failures < 1) return 0;
  const base = exponentialDelay(failures, settings);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(base * (1 - settings.jitter * r));
}

/** The wait to use given the time left in the budget: never sleep past the budget. */
export function boundedByBudget(delayMs: number, remainingBudgetMs: number): number {
  return Math.max(0, Math.min(delayMs, remainingBudgetMs));
}
