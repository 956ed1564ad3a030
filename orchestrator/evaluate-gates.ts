/**
 * The figure gates of a task's `validate:` block, checked against the row counts it reported:
 * pure, so every rule has a fast test. The acceptance ratio is rows_written / rows_read: of
 * what the task read, how much it loaded (0 of 0 passes — `min_rows_written` is the gate for
 * "it must load something"). A gate that needs a figure the task did not report fails and says
 * which to write: a gate nobody feeds must not pass silently.
 */
import type { TaskGates } from '../config/types.js';
import { ROW_METRICS } from '../core/row-metrics.js';
import type { MetricTotals } from '../core/row-metrics.js';

/** The first gate that failed, worded with its figures; undefined when all hold. */
export function evaluateGates(gates: TaskGates, totals: MetricTotals | null): string | undefined {
  const read = totals?.[ROW_METRICS.read];
  const written = totals?.[ROW_METRICS.written];
  const rejected = totals?.[ROW_METRICS.rejected] ?? (read !== undefined && written !== undefined ? read - written : undefined);
  const missing = (gate: string, fields: string): string =>
    `validate.${gate} needs ${fields}, which the task did not report (append them as JSON lines to ETL_CYCLE_METRICS_FILE)`;

  if (gates.minAcceptanceRatio !== undefined) {
    if (read === undefined || written === undefined)
      return missing('min_acceptance_ratio', `${ROW_METRICS.read} and ${ROW_METRICS.written}`);
    if (read > 0) {
      const ratio = written / read;
      if (ratio < gates.minAcceptanceRatio)
        return `${count(written)} of ${count(read)} rows accepted (${percent(ratio)} < ${percent(gates.minAcceptanceRatio)})`;
    }
  }
  if (gates.minRowsWritten !== undefined) {
    if (written === undefined) return missing('min_rows_written', ROW_METRICS.written);
    if (written < gates.minRowsWritten) return `${count(written)} rows written (validate.min_rows_written: ${gates.minRowsWritten})`;
  }
  if (gates.maxRowsRejected !== undefined) {
    if (rejected === undefined)
      return missing('max_rows_rejected', `${ROW_METRICS.rejected} (or ${ROW_METRICS.read} and ${ROW_METRICS.written})`);
    if (rejected > gates.maxRowsRejected) return `${count(rejected)} rows rejected (validate.max_rows_rejected: ${gates.maxRowsRejected})`;
  }
  return undefined;
}

/** 0.912 → "91.2%", 0.95 → "95%": one decimal, and none when it is 0. */
export function percent(ratio: number): string {
  const value = Math.floor(ratio * 1000) / 10;
  return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}%`;
}

function count(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
