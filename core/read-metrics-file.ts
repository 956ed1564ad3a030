/**
 * Reads a metrics file (ETL_CYCLE_METRICS_FILE) and sums it (row-metrics.ts). A missing file is
 * a task that reported nothing; an unreadable one is a warning for the caller, never a failure.
 */
import { open } from 'node:fs/promises';
import { errorMessage } from './errors.js';
import { parseMetricsLines } from './row-metrics.js';
import type { MetricTotals, MetricsWarning } from './row-metrics.js';

/** More than this is not a file of per-batch counts: only its head is read. */
const MAX_METRICS_BYTES = 8 * 1024 * 1024;

export interface FileMetrics {
  /** null: the task wrote no metrics file. */
  totals: MetricTotals | null;
  warnings: MetricsWarning[];
  /** The file could not be read (a warning for the task's output). */
  error?: string;
}

export async function readMetricsFile(file: string): Promise<FileMetrics> {
  let text: string;
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(Math.min(size, MAX_METRICS_BYTES));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      text = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { totals: null, warnings: [] };
    return { totals: null, warnings: [], error: `cannot read ${file}: ${errorMessage(error)}` };
  }
  const parsed = parseMetricsLines(text);
  return { totals: parsed.lines > 0 ? parsed.totals : null, warnings: parsed.warnings };
}
