/**
 * Row metrics: the JSON lines a task (or an orchestrator command) appends to
 * ETL_CYCLE_METRICS_FILE, summed into one record per task run. Pure: the callers read the file.
 *
 * A line is a JSON object of numbers, e.g. {"rows_read":1000,"rows_written":990,"rows_rejected":10};
 * each field is summed over the lines, so a task may write one line per batch. Nothing in the
 * file can make the run fail or crash: a line that is not such an object is skipped with a
 * warning naming its number, and so is the unterminated last line a task killed in the middle
 * of a write leaves behind (an unterminated last line that is a whole object counts: `printf`
 * without `\n` is common).
 */

/** The fields with documented meanings (docs/data.md). */
export const ROW_METRICS = { read: 'rows_read', written: 'rows_written', rejected: 'rows_rejected' } as const;

/** Sums by field name. */
export type MetricTotals = Record<string, number>;

export interface MetricsWarning {
  /** 1-based line number in the metrics file. */
  line: number;
  message: string;
}

export interface ParsedMetrics {
  totals: MetricTotals;
  /** Lines that counted. */
  lines: number;
  warnings: MetricsWarning[];
}

/** Longest line quoted back in a warning. */
const QUOTE_CHARS = 60;
/** A file past this many lines is a task writing per row, not per batch: the rest is not read. */
export const MAX_METRICS_LINES = 100_000;

export function parseMetricsLines(text: string): ParsedMetrics {
  const totals: MetricTotals = {};
  const warnings: MetricsWarning[] = [];
  let counted = 0;
  const lines = text.split('\n');
  // A file ending in "\n" splits into a last empty string: not a line.
  const terminated = lines[lines.length - 1] === '';
  if (terminated) lines.pop();
  const limit = Math.min(lines.length, MAX_METRICS_LINES);
  for (let index = 0; index < limit; index += 1) {
    const raw = lines[index]!.replace(/\r$/, '');
    const number = index + 1;
    if (raw.trim() === '') continue;
    const unterminated = !terminated && index === lines.length - 1;
    const parsed = parseLine(raw);
    if ('problem' in parsed) {
      warnings.push({
        line: number,
        message: unterminated
          ? `unterminated last line ${quote(raw)} (the task was probably stopped while writing it); ignored`
          : `${parsed.problem}: ${quote(raw)}; ignored`,
      });
      continue;
    }
    for (const [field, value] of Object.entries(parsed.fields)) totals[field] = (totals[field] ?? 0) + value;
    for (const field of parsed.ignored) warnings.push({ line: number, message: `field ${JSON.stringify(field)} is not a number; ignored` });
    counted += 1;
  }
  if (lines.length > MAX_METRICS_LINES)
    warnings.push({
      line: MAX_METRICS_LINES + 1,
      message: `more than ${MAX_METRICS_LINES} lines; the rest is not read (write one line per batch)`,
    });
  return { totals, lines: counted, warnings };
}

function parseLine(raw: string): { fields: MetricTotals; ignored: string[] } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { problem: 'not JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problem: 'not a JSON object' };
  const fields: MetricTotals = {};
  const ignored: string[] = [];
  for (const [field, item] of Object.entries(value)) {
    if (typeof item === 'number' && Number.isFinite(item)) fields[field] = item;
    else ignored.push(field);
  }
  return { fields, ignored };
}

function quote(raw: string): string {
  return JSON.stringify(raw.length > QUOTE_CHARS ? `${raw.slice(0, QUOTE_CHARS)}…` : raw);
}

/** "1000 read, 990 written, 10 rejected" (the documented fields present), or "" when none is. */
export function describeRowCounts(totals: MetricTotals | null | undefined): string {
  if (!totals) return '';
  const parts: string[] = [];
  const add = (field: string, word: string): void => {
    if (totals[field] !== undefined) parts.push(`${formatCount(totals[field])} ${word}`);
  };
  add(ROW_METRICS.read, 'read');
  add(ROW_METRICS.written, 'written');
  add(ROW_METRICS.rejected, 'rejected');
  return parts.join(', ');
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
}
