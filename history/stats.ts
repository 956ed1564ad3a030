/**
 * The arithmetic of `etl-cycle stats` and of the deadline learner, as pure functions over what
 * the store read: rates, percentiles, flakiness, the classes a pipeline keeps hitting. `stats`
 * reads counters and histograms (rollup.ts, histogram.ts); the learner reads raw values.
 *
 * Percentiles interpolate linearly between the two nearest ranks (Hyndman & Fan type 7, the
 * default of NumPy, R and spreadsheets): p of n sorted values sits at rank p × (n − 1).
 */
import { histogramCount, histogramQuantile } from './histogram.js';
import type { Histogram } from './histogram.js';
import type { ExecutionState } from './types.js';

export interface Distribution {
  count: number;
  median: number | null;
  p95: number | null;
}

/** The two 0-based ranks a percentile falls between, and how far it sits from the lower one. */
export function percentileRanks(count: number, p: number): { lower: number; upper: number; weight: number } {
  if (count <= 0) throw new RangeError('percentileRanks: no values');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentileRanks: p must be within 0..1, got ${p}`);
  const position = p * (count - 1);
  const lower = Math.floor(position);
  return { lower, upper: Math.min(lower + 1, count - 1), weight: position - lower };
}

/** The p-th percentile (0..1) of values sorted ascending; null when there are none. */
export function percentileOfSorted(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const { lower, upper, weight } = percentileRanks(sorted.length, p);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * weight;
}

/** Count, median and p95 of a histogram (histogram.ts: exact for exact buckets, within 1 % for durations). */
export function histogramDistribution(histogram: Histogram): Distribution {
  return { count: histogramCount(histogram), median: histogramQuantile(histogram, 0.5), p95: histogramQuantile(histogram, 0.95) };
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  return { count: list.length, median: percentileOfSorted(list, 0.5), p95: percentileOfSorted(list, 0.95) };
}

/** A share, or null when there is nothing to share out (0 of 0 is not 0 %). */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** What the store reads for `stats` (one project, one time window), as counters and histograms (rollup.ts). */
export interface StatsInput {
  /** Start of the window (epoch ms), undefined = all time. */
  since: number | undefined;
  counts: Partial<Record<ExecutionState, number>>;
  /** Green executions: how many, how many after a retry, and the histograms of time and iterations to green. */
  green: { count: number; afterRetry: number; timeToGreen: Histogram; iterations: Histogram };
  /** Failed iterations by primary class: how many iterations, in how many executions. */
  failureClasses: readonly { class: string; iterations: number; executions: number }[];
  /** Task runs of the built-in orchestrator: all that ran, how many failed, durations of those that succeeded. */
  tasks: readonly { taskId: string; runs: number; failures: number; succeeded: Histogram }[];
}

export interface HistoryStats {
  since: number | undefined;
  executions: number;
  byState: Record<ExecutionState, number>;
  /** success / (success + failed + interrupted): a run someone aborted says nothing about the pipeline. */
  successRate: number | null;
  timeToGreenMs: Distribution;
  iterationsToGreen: Distribution;
  /** Green runs that needed more than one iteration. */
  greenAfterRetry: number;
  /** greenAfterRetry / green: how often green came only after a retry. */
  flakiness: number | null;
  topClasses: { class: string; iterations: number; executions: number }[];
  tasks: { taskId: string; runs: number; failures: number; failureRate: number | null; durationMs: Distribution }[];
}

export const TOP_CLASSES = 10;

export function computeStats(input: StatsInput): HistoryStats {
  const byState: Record<ExecutionState, number> = { running: 0, success: 0, failed: 0, aborted: 0, interrupted: 0 };
  for (const [state, count] of Object.entries(input.counts)) byState[state as ExecutionState] += count ?? 0;
  const executions = Object.values(byState).reduce((sum, n) => sum + n, 0);
  const judged = byState.success + byState.failed + byState.interrupted;
  const greenAfterRetry = input.green.afterRetry;
  return {
    since: input.since,
    executions,
    byState,
    successRate: ratio(byState.success, judged),
    timeToGreenMs: histogramDistribution(input.green.timeToGreen),
    iterationsToGreen: histogramDistribution(input.green.iterations),
    greenAfterRetry,
    flakiness: ratio(greenAfterRetry, input.green.count),
    topClasses: [...input.failureClasses]
      .sort((a, b) => b.executions - a.executions || b.iterations - a.iterations || a.class.localeCompare(b.class))
      .slice(0, TOP_CLASSES),
    tasks: [...input.tasks]
      .sort((a, b) => a.taskId.localeCompare(b.taskId))
      .map((t) => ({
        taskId: t.taskId,
        runs: t.runs,
        failures: t.failures,
        failureRate: ratio(t.failures, t.runs),
        durationMs: histogramDistribution(t.succeeded),
      })),
  };
}
