import { describe, expect, it } from 'vitest';
import { computeStats, distribution, percentileOfSorted, percentileRanks, ratio } from '../../../history/stats.js';
import type { StatsInput } from '../../../history/stats.js';
import { durationBucket, exactBucket, histogramOf } from '../../../history/histogram.js';

describe('percentiles (linear between the nearest ranks)', () => {
  it('interpolates at p × (n − 1)', () => {
    expect(percentileOfSorted([10, 20, 30, 40], 0.5)).toBe(25);
    expect(percentileOfSorted([10, 20, 30, 40], 0.95)).toBeCloseTo(38.5, 10);
    expect(percentileOfSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBeCloseTo(9.55, 10);
    expect(percentileOfSorted([7], 0.95)).toBe(7);
    expect(percentileOfSorted([], 0.5)).toBeNull();
  });

  it('hits the extremes exactly', () => {
    expect(percentileOfSorted([3, 5, 9], 0)).toBe(3);
    expect(percentileOfSorted([3, 5, 9], 1)).toBe(9);
    expect(percentileRanks(3, 1)).toEqual({ lower: 2, upper: 2, weight: 0 });
  });

  it('refuses nonsense', () => {
    expect(() => percentileRanks(0, 0.5)).toThrow(RangeError);
    expect(() => percentileRanks(3, 1.5)).toThrow(RangeError);
  });

  it('distribution sorts numerically (not as strings) without touching its input', () => {
    const values = [100, 9, 25, 3];
    expect(distribution(values)).toEqual({ count: 4, median: 17, p95: percentileOfSorted([3, 9, 25, 100], 0.95) });
    expect(values).toEqual([100, 9, 25, 3]);
    expect(distribution([])).toEqual({ count: 0, median: null, p95: null });
  });

  it('ratio of nothing is unknown, not zero', () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });
});

function input(overrides: Partial<StatsInput> = {}): StatsInput {
  return {
    since: undefined,
    counts: {},
    green: { count: 0, afterRetry: 0, timeToGreen: new Map(), iterations: new Map() },
    failureClasses: [],
    tasks: [],
    ...overrides,
  };
}

describe('computeStats', () => {
  it('success rate counts success, failed and interrupted; aborted and running runs say nothing about the pipeline', () => {
    const stats = computeStats(input({ counts: { success: 6, failed: 2, interrupted: 2, aborted: 5, running: 1 } }));
    expect(stats.executions).toBe(16);
    expect(stats.byState).toEqual({ success: 6, failed: 2, interrupted: 2, aborted: 5, running: 1 });
    expect(stats.successRate).toBe(0.6);
  });

  it('time and iterations to green (iterations exact, durations within 1 %), and flakiness = green only after a retry', () => {
    const iterations = [1, 1, 2, 1, 3];
    const stats = computeStats(
      input({
        counts: { success: 5 },
        green: {
          count: 5,
          afterRetry: 2,
          timeToGreen: histogramOf([60_000, 10_000, 20_000, 30_000, 40_000], durationBucket),
          iterations: histogramOf(iterations, exactBucket),
        },
      }),
    );
    expect(stats.timeToGreenMs.count).toBe(5);
    expect(stats.timeToGreenMs.median! / 30_000).toBeCloseTo(1, 1);
    expect(Math.abs(stats.timeToGreenMs.median! - 30_000) / 30_000).toBeLessThan(0.01);
    expect(Math.abs(stats.timeToGreenMs.p95! - 56_000) / 56_000).toBeLessThan(0.01);
    expect(stats.iterationsToGreen.median).toBe(1);
    expect(stats.iterationsToGreen.p95).toBeCloseTo(2.8, 10);
    expect(stats.greenAfterRetry).toBe(2);
    expect(stats.flakiness).toBe(0.4);
  });

  it('no green run: unknown, not zero', () => {
    const stats = computeStats(input({ counts: { failed: 3 } }));
    expect(stats.successRate).toBe(0);
    expect(stats.flakiness).toBeNull();
    expect(stats.timeToGreenMs.median).toBeNull();
  });

  it('top classes by executions hit, then iterations, then name; at most ten', () => {
    const classes = Array.from({ length: 12 }, (_, i) => ({ class: `c${String(i).padStart(2, '0')}`, iterations: 1, executions: 1 }));
    classes.push({ class: 'oom', iterations: 9, executions: 4 }, { class: 'dns', iterations: 2, executions: 4 });
    const stats = computeStats(input({ failureClasses: classes }));
    expect(stats.topClasses.map((c) => c.class)).toEqual(['oom', 'dns', 'c00', 'c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07']);
  });

  it('per task: runs, failure rate, durations of the succeeded runs', () => {
    const stats = computeStats(
      input({
        tasks: [
          { taskId: 'load', runs: 4, failures: 1, succeeded: histogramOf([3000, 1000, 2000], durationBucket) },
          { taskId: 'extract', runs: 2, failures: 0, succeeded: new Map() },
        ],
      }),
    );
    expect(stats.tasks.map((t) => [t.taskId, t.runs, t.failures, t.failureRate, t.durationMs.count])).toEqual([
      ['extract', 2, 0, 0, 0],
      ['load', 4, 1, 0.25, 3],
    ]);
    expect(Math.abs(stats.tasks[1]!.durationMs.median! - 2000) / 2000).toBeLessThan(0.01);
    expect(stats.tasks[0]!.durationMs.median).toBeNull();
  });
});
