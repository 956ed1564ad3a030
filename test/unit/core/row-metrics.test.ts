import { describe, expect, it } from 'vitest';
import { describeRowCounts, parseMetricsLines } from '../../../core/row-metrics.js';

describe('parseMetricsLines', () => {
  it('sums every numeric field over the lines (one line per batch)', () => {
    const parsed = parseMetricsLines(
      '{"rows_read":600,"rows_written":590}\n{"rows_read":400,"rows_written":400,"rows_rejected":10,"bytes":5}\n',
    );
    expect(parsed).toEqual({ totals: { rows_read: 1000, rows_written: 990, rows_rejected: 10, bytes: 5 }, lines: 2, warnings: [] });
  });

  it('skips a malformed line with a warning naming its number, and keeps the others', () => {
    const parsed = parseMetricsLines('{"rows_read":5}\nrows_read=3\n[1,2]\n\n{"rows_read":2,"note":"x"}\n');
    expect(parsed.totals).toEqual({ rows_read: 7 });
    expect(parsed.warnings.map((w) => [w.line, w.message.split(':')[0]])).toEqual([
      [2, 'not JSON'],
      [3, 'not a JSON object'],
      [5, 'field "note" is not a number; ignored'],
    ]);
  });

  it('ignores an unterminated partial last line, but counts an unterminated whole one', () => {
    const cut = parseMetricsLines('{"rows_read":100}\n{"rows_wri');
    expect(cut.totals).toEqual({ rows_read: 100 });
    expect(cut.warnings).toEqual([{ line: 2, message: expect.stringContaining('unterminated last line') as string }]);
    expect(parseMetricsLines('{"rows_read":100}\n{"rows_written":90}').totals).toEqual({ rows_read: 100, rows_written: 90 });
  });

  it('describes the documented counts', () => {
    expect(describeRowCounts({ rows_read: 1000, rows_written: 990, rows_rejected: 10, bytes: 1 })).toBe(
      '1000 read, 990 written, 10 rejected',
    );
    expect(describeRowCounts({ bytes: 1 })).toBe('');
    expect(describeRowCounts(null)).toBe('');
  });
});
