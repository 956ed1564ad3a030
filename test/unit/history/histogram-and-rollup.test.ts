import { describe, expect, it } from 'vitest';
import { bucketValue, durationBucket, exactBucket, histogramCount, histogramOf, histogramQuantile } from '../../../history/histogram.js';
import { dayOf, rollupEntries, statsInputFromRollups } from '../../../history/rollup.js';
import { computeStats, percentileOfSorted } from '../../../history/stats.js';
import type { FinishedFacts } from '../../../history/rollup.js';
import { createRandom } from '../../../bench/support/seeded-random.js';

describe('histograms', () => {
  it('a duration bucket stands for every value in it within 1 %', () => {
    for (const ms of [2, 3, 17, 999, 1000, 1001, 45_000, 3_600_000, 86_400_000]) {
      expect(Math.abs(bucketValue(durationBucket(ms)) - ms) / ms).toBeLessThan(0.01);
    }
    expect(bucketValue(durationBucket(0))).toBe(0);
    expect(bucketValue(exactBucket(3))).toBe(3);
  });

  it('quantiles agree with exact percentiles: exactly for exact buckets, within 1 % for durations', () => {
    const random = createRandom(7);
    const durations = Array.from({ length: 5000 }, () => Math.round(200 + random() ** 3 * 600_000));
    const sorted = [...durations].sort((a, b) => a - b);
    const histogram = histogramOf(durations, durationBucket);
    expect(histogramCount(histogram)).toBe(5000);
    for (const p of [0, 0.5, 0.9, 0.95, 0.99, 1]) {
      const exact = percentileOfSorted(sorted, p)!;
      expect(Math.abs(histogramQuantile(histogram, p)! - exact) / exact).toBeLessThan(0.01);
    }
    const iterations = [1, 1, 1, 2, 2, 3, 5];
    expect(histogramQuantile(histogramOf(iterations, exactBucket), 0.95)).toBe(percentileOfSorted(iterations, 0.95));
    expect(histogramQuantile(new Map(), 0.5)).toBeNull();
  });
});

describe('rollups', () => {
  const green: FinishedFacts = {
    state: 'success',
    iterations: 2,
    timeToGreenMs: 40_000,
    failedClasses: ['connection_refused'],
    tasks: [
      { taskId: 'load', status: 'failed', durationMs: 500 },
      { taskId: 'load', status: 'succeeded', durationMs: 5_000 },
      { taskId: 'report', status: 'skipped', durationMs: null },
    ],
  };
  const failed: FinishedFacts = {
    state: 'failed',
    iterations: 3,
    timeToGreenMs: null,
    failedClasses: ['oom', 'oom', 'connection_refused'],
    tasks: [{ taskId: 'load', status: 'timed_out', durationMs: 30_000 }],
  };

  it('what one execution adds: state, green, classes (iterations and one execution), tasks that ran', () => {
    expect(rollupEntries(failed)).toEqual([
      { series: 'state:failed', bucket: 'n', n: 1 },
      { series: 'class:oom', bucket: 'iterations', n: 2 },
      { series: 'class:oom', bucket: 'executions', n: 1 },
      { series: 'class:connection_refused', bucket: 'iterations', n: 1 },
      { series: 'class:connection_refused', bucket: 'executions', n: 1 },
      { series: 'task:load', bucket: 'runs', n: 1 },
      { series: 'task:load', bucket: 'failures', n: 1 },
    ]);
  });

  it('summed counters read back as the statistics of the executions', () => {
    const stats = computeStats(
      statsInputFromRollups([...rollupEntries(green), ...rollupEntries(failed), ...rollupEntries(green)], undefined, 1),
    );
    expect(stats.byState).toEqual({ running: 1, success: 2, failed: 1, aborted: 0, interrupted: 0 });
    expect(stats.successRate).toBeCloseTo(2 / 3, 10);
    expect(stats.flakiness).toBe(1);
    expect(stats.iterationsToGreen).toEqual({ count: 2, median: 2, p95: 2 });
    expect(stats.topClasses).toEqual([
      { class: 'connection_refused', iterations: 3, executions: 3 },
      { class: 'oom', iterations: 2, executions: 1 },
    ]);
    expect(stats.tasks).toMatchObject([{ taskId: 'load', runs: 5, failures: 3, durationMs: { count: 2 } }]);
  });

  it('task ids with colons keep them', () => {
    const input = statsInputFromRollups(
      rollupEntries({ ...failed, failedClasses: [], tasks: [{ taskId: 'dw:load', status: 'succeeded', durationMs: 10 }] }),
      undefined,
      0,
    );
    expect(input.tasks.map((t) => t.taskId)).toEqual(['dw:load']);
  });

  it('days are UTC days', () => {
    expect(dayOf(Date.parse('2026-03-01T23:59:59.999Z')) + 1).toBe(dayOf(Date.parse('2026-03-02T00:00:00.000Z')));
  });
});
