import { describe, expect, it } from 'vitest';
import { durationBucket, exactBucket, histogramOf } from '../../../history/histogram.js';
import type { LedgerSnapshot } from '../../../metrics/ledger-snapshot.js';
import { renderMetrics } from '../../../metrics/prometheus-metrics.js';

function snapshot(durationsMs: number[], iterations: number[]): LedgerSnapshot {
  return {
    project: 'p',
    takenAt: 0,
    byState: { running: 0, success: durationsMs.length, failed: 0, aborted: 0, interrupted: 0 },
    running: [],
    lastFinished: null,
    lastSuccess: null,
    greenDurationsMs: histogramOf(durationsMs, durationBucket),
    greenIterations: histogramOf(iterations, exactBucket),
    failuresByClass: [{ class: 'out_of_memory', iterations: 4, executions: 2 }],
    gaps: 0,
    revision: 'r1',
  };
}

describe('the Prometheus text of a ledger snapshot', () => {
  it('fills cumulative buckets from the ledger histograms, with +Inf, sum and count', async () => {
    const text = await renderMetrics(snapshot([5_000, 25_000, 29_000, 20_000_000], [1, 1, 3, 30]));
    const line = (prefix: string) => text.split('\n').find((l) => l.startsWith(prefix));
    expect(line('etl_cycle_run_duration_seconds_bucket{le="10"')).toMatch(/ 1$/);
    expect(line('etl_cycle_run_duration_seconds_bucket{le="30"')).toMatch(/ 3$/);
    expect(line('etl_cycle_run_duration_seconds_bucket{le="14400"')).toMatch(/ 3$/);
    expect(line('etl_cycle_run_duration_seconds_bucket{le="+Inf"')).toMatch(/ 4$/);
    expect(line('etl_cycle_run_duration_seconds_count')).toMatch(/ 4$/);
    const sum = Number(line('etl_cycle_run_duration_seconds_sum')!.split(' ')[1]);
    expect(Math.abs(sum - 20_059) / 20_059).toBeLessThan(0.01);
    expect(line('etl_cycle_iterations_bucket{le="1"')).toMatch(/ 2$/);
    expect(line('etl_cycle_iterations_bucket{le="3"')).toMatch(/ 3$/);
    expect(line('etl_cycle_iterations_bucket{le="20"')).toMatch(/ 3$/);
    expect(line('etl_cycle_iterations_bucket{le="+Inf"')).toMatch(/ 4$/);
    expect(line('etl_cycle_failures_total{class="out_of_memory"')).toMatch(/ 4$/);
    expect(text).toContain('# TYPE etl_cycle_run_duration_seconds histogram');
  });
});
