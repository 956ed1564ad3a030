import { describe, expect, it } from 'vitest';
import {
  formatAgentTable,
  formatDetailTable,
  formatRatioMatrix,
  formatSummary,
  seconds,
} from '../../../bench/time-to-green/format-time-to-green.js';
import { bestContender, summarizeTimeToGreen, tallyOutcomes } from '../../../bench/time-to-green/summarize-runs.js';
import type { Outcome, RunRecord } from '../../../bench/time-to-green/types.js';

const rec = (scenario: string, contender: string, outcome: Outcome, secs: number, iterations: number | null = 1, round = 1): RunRecord => ({
  round,
  scenario,
  stack: 'warehouse',
  contender,
  fault: 'f',
  outcome,
  iterations,
  detail: null,
  seconds: secs,
  log: null,
});

const records: RunRecord[] = [
  rec('floor', 'floor', 'green', 2),
  rec('floor', 'floor', 'green', 4, 1, 2),
  rec('floor', 'floor', 'green', 3, 1, 3),
  rec('slow', 'etl-cycle', 'green', 15),
  rec('slow', 'etl-cycle', 'green', 12),
  rec('slow', 'etl-cycle', 'green', 18),
  rec('slow', 'shell', 'gave-up', 45, 3),
  rec('slow', 'shell', 'gave-up', 44, 3),
  rec('slow', 'shell', 'green', 30, 2),
  rec('auth', 'etl-cycle', 'stopped', 3),
  rec('auth', 'shell', 'gave-up', 30, 3),
];
records[3]!.agent = {
  cycles: 1,
  overheadSeconds: 1.1,
  startupSeconds: 1,
  overheadPerCycleSeconds: 0.1,
  peakRssMb: 110,
  stopReason: 'success',
  backoffSeconds: 0,
  lastRebuild: null,
};
records[4]!.agent = {
  cycles: 1,
  overheadSeconds: 1.3,
  startupSeconds: 1.2,
  overheadPerCycleSeconds: 0.1,
  peakRssMb: 130,
  stopReason: 'success',
  backoffSeconds: 0,
  lastRebuild: null,
};
records[9]!.agent = {
  cycles: 1,
  overheadSeconds: 1,
  startupSeconds: 0.9,
  overheadPerCycleSeconds: 0.1,
  peakRssMb: null,
  stopReason: 'non_retryable',
  backoffSeconds: 0,
  lastRebuild: null,
};

describe('summarizeTimeToGreen', () => {
  const summary = summarizeTimeToGreen(records, ['slow', 'auth'], ['etl-cycle', 'shell']);

  it('takes medians with ranges and divides by the floor median', () => {
    expect(summary.floor).toEqual({ median: 3, min: 2, max: 4, count: 3 });
    const row = summary.rows.find((r) => r.scenario === 'slow' && r.contender === 'etl-cycle')!;
    expect(row).toMatchObject({ runs: 3, outcome: 'green', mainOutcome: 'green', seconds: { median: 15, min: 12, max: 18 } });
    expect(row.ratio).toBe(5);
  });

  it('tallies mixed outcomes and keeps scenario × contender order', () => {
    expect(summary.rows.map((r) => `${r.scenario}/${r.contender}`)).toEqual([
      'slow/etl-cycle',
      'slow/shell',
      'auth/etl-cycle',
      'auth/shell',
    ]);
    expect(summary.rows[1]).toMatchObject({
      outcome: 'gave-up 2/3, green 1/3',
      mainOutcome: 'gave-up',
      iterations: { median: 3, min: 2, max: 3 },
    });
  });

  it("summarizes etl-cycle's own figures per scenario and over all of them", () => {
    expect(summary.agent.map((a) => a.scenario)).toEqual(['slow', 'auth', 'all scenarios']);
    expect(summary.agent[0]).toMatchObject({ runs: 2, startupSeconds: { median: 1.1 }, peakRssMb: { median: 120, max: 130 } });
    expect(summary.agent[1]!.peakRssMb).toBeUndefined();
    expect(summary.agent[2]).toMatchObject({ runs: 3, startupSeconds: { median: 1, min: 0.9, max: 1.2 } });
  });

  it('ranks the best outcome before the shortest time', () => {
    expect(bestContender(summary.rows, 'slow')).toBe('etl-cycle');
    expect(bestContender(summary.rows, 'auth')).toBe('etl-cycle');
    const fasterGaveUp = summarizeTimeToGreen(
      [rec('floor', 'floor', 'green', 1), rec('s', 'a', 'gave-up', 5), rec('s', 'b', 'green', 9)],
      ['s'],
      ['a', 'b'],
    );
    expect(bestContender(fasterGaveUp.rows, 's')).toBe('b');
  });
});

describe('tallyOutcomes', () => {
  it('breaks ties toward the better outcome', () => {
    expect(tallyOutcomes(['gave-up', 'green'])).toEqual({ outcome: 'green 1/2, gave-up 1/2', mainOutcome: 'green' });
    expect(tallyOutcomes(['stopped'])).toEqual({ outcome: 'stopped', mainOutcome: 'stopped' });
  });
});

describe('the time-to-green tables', () => {
  const summary = summarizeTimeToGreen(records, ['slow', 'auth'], ['etl-cycle', 'shell']);
  const labels = { scenario: (id: string) => `scenario ${id}`, contender: (id: string) => id.toUpperCase() };

  it('prints a median with its range only when the runs differ', () => {
    expect(formatSummary({ median: 15, min: 12, max: 18, count: 3 }, seconds)).toBe('15.0 s (12.0–18.0 s)');
    expect(formatSummary({ median: 15, min: 15, max: 15, count: 3 }, seconds)).toBe('15.0 s');
    expect(formatSummary(undefined, seconds)).toBe('n/a');
    expect(formatSummary({ median: 2, min: 1, max: 3, count: 3 }, String)).toBe('2 (1–3)');
  });

  it('puts ratios in a scenario × contender matrix with the best in bold', () => {
    const lines = formatRatioMatrix(summary, ['slow', 'auth'], ['etl-cycle', 'shell'], labels).split('\n');
    expect(lines[0]).toMatch(/^\| scenario +\| ETL-CYCLE +\| SHELL +\|$/);
    expect(lines[2]).toContain('**×5.00 green (1 it.)**');
    expect(lines[2]).toContain('×14.7 gave-up 2/3, green 1/3 (3 (2–3) it.)');
    expect(lines[3]).toContain('**×1.00 stopped (1 it.)**');
  });

  it('lists every figure with the floor first', () => {
    const lines = formatDetailTable(summary, labels).split('\n');
    expect(lines[2]).toMatch(/^\| floor \(no fault, direct\) .*\| +3\.0 s \(2\.0–4\.0 s\) \| +×1\.00 \|$/);
    expect(lines).toHaveLength(2 + 1 + 4);
  });

  it("shows etl-cycle's start-up, per-cycle overhead and peak RSS", () => {
    const table = formatAgentTable(summary, labels);
    expect(table).toContain('| scenario slow ');
    expect(table).toContain('1100 ms (1000–1200 ms)');
    expect(table).toContain('120 MiB (110–130 MiB)');
    expect(table).toContain('**all scenarios**');
  });
});
