import { describe, expect, it } from 'vitest';
import { backoffDelay, boundedByBudget } from '../../../agent/backoff.js';

const settings = { initialMs: 1000, factor: 2, maxMs: 10_000, jitter: 0.2 };

describe('backoffDelay', () => {
  it('grows exponentially and stops at max (no jitter when random() is 0)', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, settings, () => 0))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('jitter only shortens the wait, by at most the jitter fraction', () => {
    expect(backoffDelay(3, settings, () => 1)).toBe(3200);
    expect(backoffDelay(3, settings, () => 0.5)).toBe(3600);
    for (let i = 0; i < 200; i += 1) {
      const d = backoffDelay(4, settings);
      expect(d).toBeGreaterThanOrEqual(6400);
      expect(d).toBeLessThanOrEqual(8000);
    }
  });

  it('no wait before the first attempt; factor 1 is a constant wait; jitter 0 is deterministic', () => {
    expect(backoffDelay(0, settings)).toBe(0);
    expect(backoffDelay(5, { ...settings, factor: 1 }, () => 0)).toBe(1000);
    expect(backoffDelay(2, { ...settings, jitter: 0 }, Math.random)).toBe(2000);
  });

  it('never sleeps past the time budget', () => {
    expect(boundedByBudget(5000, 1200)).toBe(1200);
    expect(boundedByBudget(5000, -3)).toBe(0);
    expect(boundedByBudget(500, 10_000)).toBe(500);
  });
});
