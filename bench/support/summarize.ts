/** Median, min and max of a sample: what the benchmark tables print for repeated runs. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  count: number;
}

/** The summary of `values`, or undefined for an empty sample. NaN values are ignored. */
export function summarize(values: readonly number[]): Summary | undefined {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const count = sorted.length;
  if (count === 0) return undefined;
  const middle = Math.floor(count / 2);
  // An even sample has two middles: their mean, as statistics packages do.
  const median = count % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[count - 1]!, count };
}
