/**
 * Mergeable histograms for the ledger's statistics, so `stats` over a hundred thousand runs
 * reads a few thousand counters instead of every row. Two kinds of bucket:
 *
 * - `v<n>`: an exact value, for small integers (iterations to green);
 * - `b<i>`: values in (γ^(i−1), γ^i], γ = 1.02, for durations in milliseconds; a bucket stands
 *   for 2γ^i/(γ+1), within 1 % of every value in it (the DDSketch estimate). `b0` holds 0..1.
 *
 * Quantiles are read with the same ranks as exact percentiles (stats.ts): exact for exact
 * buckets, within 1 % for duration buckets.
 */
import { percentileRanks } from './stats.js';

export const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);

/** Bucket key → how many values fell in it. */
export type Histogram = Map<string, number>;

export function durationBucket(ms: number): string {
  if (!(ms > 1)) return 'b0';
  return `b${Math.ceil(Math.log(ms) / LOG_GAMMA - 1e-9)}`;
}

export function exactBucket(value: number): string {
  return `v${Math.round(value)}`;
}

/** The value a bucket stands for. */
export function bucketValue(key: string): number {
  const n = Number(key.slice(1));
  if (key[0] === 'v') return n;
  if (n <= 0) return 0;
  return (2 * GAMMA ** n) / (GAMMA + 1);
}

export function addTo(histogram: Histogram, key: string, count = 1): void {
  histogram.set(key, (histogram.get(key) ?? 0) + count);
}

export function histogramOf(values: readonly number[], bucket: (value: number) => string): Histogram {
  const histogram: Histogram = new Map();
  for (const value of values) addTo(histogram, bucket(value));
  return histogram;
}

export function histogramCount(histogram: Histogram): number {
  let total = 0;
  for (const count of histogram.values()) total += count;
  return total;
}

/** The p-th quantile (0..1), interpolated between the buckets holding the two nearest ranks; null when empty. */
export function histogramQuantile(histogram: Histogram, p: number): number | null {
  const total = histogramCount(histogram);
  if (total === 0) return null;
  const { lower, upper, weight } = percentileRanks(total, p);
  const sorted = [...histogram.entries()]
    .filter(([, n]) => n > 0)
    .map(([key, n]) => [bucketValue(key), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const at = (rank: number) => {
    let seen = 0;
    for (const [value, n] of sorted) {
      seen += n;
      if (rank < seen) return value;
    }
    return sorted[sorted.length - 1]![0];
  };
  const low = at(lower);
  return weight === 0 ? low : low + (at(upper) - low) * weight;
}
