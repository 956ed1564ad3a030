import { describe, expect, it } from 'vitest';
import { evaluateGates, percent } from '../../../orchestrator/evaluate-gates.js';
import { configWith } from './fixtures.js';

describe('evaluateGates', () => {
  it('rejects an acceptance ratio below the gate, naming the figures', () => {
    expect(evaluateGates({ minAcceptanceRatio: 0.95 }, { rows_read: 1000, rows_written: 912 })).toBe(
      '912 of 1000 rows accepted (91.2% < 95%)',
    );
    expect(evaluateGates({ minAcceptanceRatio: 0.95 }, { rows_read: 1000, rows_written: 950 })).toBeUndefined();
    // Nothing read, nothing to reject: min_rows_written is the gate for empty loads.
    expect(evaluateGates({ minAcceptanceRatio: 0.95 }, { rows_read: 0, rows_written: 0 })).toBeUndefined();
    expect(evaluateGates({ minAcceptanceRatio: 0.95, minRowsWritten: 1 }, { rows_read: 0, rows_written: 0 })).toBe(
      '0 rows written (validate.min_rows_written: 1)',
    );
  });

  it('checks rejected rows, from rows_rejected or else read minus written', () => {
    expect(evaluateGates({ maxRowsRejected: 100 }, { rows_rejected: 101 })).toBe('101 rows rejected (validate.max_rows_rejected: 100)');
    expect(evaluateGates({ maxRowsRejected: 100 }, { rows_read: 1000, rows_written: 850 })).toBe(
      '150 rows rejected (validate.max_rows_rejected: 100)',
    );
    expect(evaluateGates({ maxRowsRejected: 100 }, { rows_read: 1000, rows_written: 900 })).toBeUndefined();
  });

  it('fails a gate the task did not feed, saying what to write', () => {
    expect(evaluateGates({ minAcceptanceRatio: 0.9 }, null)).toMatch(/needs rows_read and rows_written.*ETL_CYCLE_METRICS_FILE/);
    expect(evaluateGates({ minRowsWritten: 1 }, { rows_read: 3 })).toMatch(/min_rows_written needs rows_written/);
  });

  it('words ratios with at most one decimal, never rounding a failing figure up to the gate', () => {
    expect(percent(0.912)).toBe('91.2%');
    expect(percent(0.95)).toBe('95%');
    expect(percent(0.9499)).toBe('94.9%');
  });
});

describe('validate: in etl-cycle.yaml', () => {
  it('normalizes the gates and the check command', () => {
    const config = configWith(`tasks:
  load: { run: "true", validate: { min_acceptance_ratio: 0.95, min_rows_written: 1, max_rows_rejected: 100, check: "test -s out" } }`);
    expect(config.tasks[0]!.validate).toEqual({
      minAcceptanceRatio: 0.95,
      minRowsWritten: 1,
      maxRowsRejected: 100,
      check: { command: 'test -s out', cwd: '/p' },
    });
  });

  it.each([
    ['min_acceptance_ratio: 1.5', /tasks\.load\.validate\.min_acceptance_ratio/],
    ['min_rows_written: -1', /tasks\.load\.validate\.min_rows_written/],
    ['max_rows_rejected: 2.5', /tasks\.load\.validate\.max_rows_rejected/],
    ['min_ratio: 0.9', /min_ratio/],
  ])('refuses %s in one line naming the field', (field, message) => {
    expect(() => configWith(`tasks:\n  load: { run: "true", validate: { ${field} } }`)).toThrow(message);
  });
});
