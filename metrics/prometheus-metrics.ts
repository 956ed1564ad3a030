/**
 * The project's Prometheus metrics, from a ledger snapshot, in the text exposition format of
 * prom-client (the one place prom-client is used, with pushgateway.ts). The same text is what
 * `GET /metrics` answers, what `metrics.textfile` writes and what `metrics.pushgateway` pushes.
 *
 * The ledger keeps its counters as totals (and per-day histograms), so each metric is set from
 * the ledger's numbers rather than counted in this process: a restarted server, a run started
 * by cron or CI, and one started through the API all show up alike. A `history prune` lowers
 * the totals, which Prometheus reads as a counter reset.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { MetricValueWithName } from 'prom-client';
import { bucketValue } from '../history/histogram.js';
import type { Histogram } from '../history/histogram.js';
import { EXECUTION_STATES } from '../history/types.js';
import type { LedgerSnapshot } from './ledger-snapshot.js';

/** Seconds: a minute-long stack to a few hours of bootstrap. */
export const DURATION_BUCKETS_SECONDS = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400];
export const ITERATION_BUCKETS = [1, 2, 3, 4, 5, 6, 8, 10, 15, 20];

export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

export function buildRegistry(snapshot: LedgerSnapshot): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ project: snapshot.project });
  const runs = new Counter({
    name: 'etl_cycle_runs_total',
    help: 'Runs recorded in the ledger, by state.',
    labelNames: ['state'],
    registers: [registry],
  });
  for (const state of EXECUTION_STATES) if (state !== 'running') runs.inc({ state }, snapshot.byState[state]);
  const seconds = (ms: number | null | undefined) => (ms ? ms / 1000 : 0);
  new Gauge({
    name: 'etl_cycle_last_run_timestamp_seconds',
    help: 'When the newest finished run ended (Unix time; 0 = none yet).',
    registers: [registry],
  }).set(seconds(snapshot.lastFinished?.endedAt));
  new Gauge({
    name: 'etl_cycle_last_success_timestamp_seconds',
    help: 'When the newest green run ended (Unix time; 0 = none yet).',
    registers: [registry],
  }).set(seconds(snapshot.lastSuccess?.endedAt));
  registry.registerMetric(
    ledgerHistogram(
      'etl_cycle_run_duration_seconds',
      'Time to green of the runs that came up green, in seconds (from the ledger; buckets within 1 %).',
      snapshot.greenDurationsMs,
      DURATION_BUCKETS_SECONDS,
      1 / 1000,
    ),
  );
  registry.registerMetric(
    ledgerHistogram(
      'etl_cycle_iterations',
      'Iterations the runs that came up green needed.',
      snapshot.greenIterations,
      ITERATION_BUCKETS,
      1,
    ),
  );
  const failures = new Counter({
    name: 'etl_cycle_failures_total',
    help: 'Failed iterations by the class of their failure (docs/error-classes.md).',
    labelNames: ['class'],
    registers: [registry],
  });
  for (const entry of snapshot.failuresByClass) failures.inc({ class: entry.class }, entry.iterations);
  new Gauge({ name: 'etl_cycle_gaps', help: 'Data gaps the project has (0 until gaps are tracked).', registers: [registry] }).set(
    snapshot.gaps,
  );
  new Gauge({ name: 'etl_cycle_running', help: 'Runs of the project running now (0 or 1).', registers: [registry] }).set(
    snapshot.running.length,
  );
  return registry;
}

export function renderMetrics(snapshot: LedgerSnapshot): Promise<string> {
  return buildRegistry(snapshot).metrics();
}

type RegistrableMetric = Parameters<Registry['registerMetric']>[0];

/**
 * A Prometheus histogram filled from the ledger's own buckets: prom-client's Histogram counts
 * observations one by one, and re-observing 100 000 runs on every refresh would block the
 * server. Each ledger bucket stands for one value (history/histogram.ts), counted into the
 * first `le` bound at or above it; default labels are added by the registry like any metric's.
 */
export function ledgerHistogram(
  name: string,
  help: string,
  histogram: Histogram,
  bounds: readonly number[],
  scale: number,
): RegistrableMetric {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  let sum = 0;
  let total = 0;
  for (const [key, n] of histogram) {
    const value = bucketValue(key) * scale;
    const index = bounds.findIndex((bound) => value <= bound);
    counts[index < 0 ? bounds.length : index]! += n;
    sum += value * n;
    total += n;
  }
  const values: MetricValueWithName<string>[] = [];
  let cumulative = 0;
  bounds.forEach((bound, i) => {
    cumulative += counts[i]!;
    values.push({ metricName: `${name}_bucket`, labels: { le: bound }, value: cumulative });
  });
  values.push({ metricName: `${name}_bucket`, labels: { le: '+Inf' }, value: total });
  values.push({ metricName: `${name}_sum`, labels: {}, value: sum });
  values.push({ metricName: `${name}_count`, labels: {}, value: total });
  const metric = { name, help, type: 'histogram', values, aggregator: 'sum' };
  return {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => metric,
    reset: () => undefined,
  } as unknown as RegistrableMetric;
}
