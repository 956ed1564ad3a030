import { describe, expect, it } from 'vitest';
import type { CycleRecord, RunReport } from '../../../agent/report.js';
import { agentFigures, interpretEtlCycleRun } from '../../../bench/time-to-green/interpret-etl-cycle-run.js';
import { interpretShellLoop } from '../../../bench/time-to-green/interpret-shell-loop.js';

const exited = (exitCode: number | null, output: string, timedOut = false) => ({ exitCode, signal: null, timedOut, output });

describe('interpretShellLoop', () => {
  it('counts attempts and reads green', () => {
    const output = 'bench-contender: attempt 1\nETL run failed\nbench-contender: attempt 2\nok\nbench-contender: green\n';
    expect(interpretShellLoop(exited(0, output))).toEqual({ outcome: 'green', iterations: 2, detail: null });
  });

  it('reads giving up, with the line as detail', () => {
    const output = 'bench-contender: attempt 1\nbench-contender: attempt 2\nbench-contender: gave up after 2 attempts\n';
    expect(interpretShellLoop(exited(1, output))).toEqual({ outcome: 'gave-up', iterations: 2, detail: 'gave up after 2 attempts' });
  });

  it('calls a killed run a timeout, and a run without a result line an error', () => {
    expect(interpretShellLoop(exited(null, 'bench-contender: attempt 1\n', true)).outcome).toBe('timeout');
    expect(interpretShellLoop(exited(2, 'bash: no such file\n'))).toMatchObject({ outcome: 'error', iterations: 0 });
    // Exit 0 without the marker (a script that lost its last line) is not counted as green.
    expect(interpretShellLoop(exited(0, 'bench-contender: attempt 1\n')).outcome).toBe('error');
  });

  it('ignores marker text that is not a whole line', () => {
    expect(interpretShellLoop(exited(1, 'echo bench-contender: attempt 9\nbench-contender: gave up\n')).iterations).toBe(0);
  });
});

const cycle = (start: string, phases: CycleRecord['phases']): CycleRecord => ({ start_time: start, phases }) as CycleRecord;

function report(stop: RunReport['stop_reason'], cycles: CycleRecord[]): RunReport {
  return {
    status: 'finished',
    stop_reason: stop,
    diagnosis: stop === 'success' ? null : 'auth_failed: password authentication failed for user "etl_admin"',
    iterations_executed: cycles.length,
    cycles,
  } as RunReport;
}

describe('interpretEtlCycleRun', () => {
  const startedAt = Date.parse('2026-01-01T00:00:00.000Z');
  const run = { exitCode: 0, signal: null, timedOut: false, seconds: 10, startedAt };

  it('maps stop reasons to outcomes', () => {
    const cycles = [cycle('2026-01-01T00:00:01.000Z', { rebuild: 2 })];
    expect(interpretEtlCycleRun(run, report('success', cycles), undefined)).toMatchObject({
      outcome: 'green',
      iterations: 1,
      detail: null,
    });
    expect(interpretEtlCycleRun(run, report('non_retryable', cycles), undefined)).toMatchObject({
      outcome: 'stopped',
      detail: expect.stringMatching(/^non_retryable: auth_failed/),
    });
    expect(interpretEtlCycleRun(run, report('stuck', cycles), undefined).outcome).toBe('stopped');
    expect(interpretEtlCycleRun(run, report('max_iterations', cycles), undefined).outcome).toBe('gave-up');
    expect(interpretEtlCycleRun(run, report('budget', cycles), undefined).outcome).toBe('gave-up');
    expect(interpretEtlCycleRun(run, report('aborted', cycles), undefined).outcome).toBe('error');
  });

  it('is an error without a finished report and a timeout when killed', () => {
    expect(interpretEtlCycleRun({ ...run, exitCode: 2 }, undefined, undefined)).toMatchObject({
      outcome: 'error',
      detail: expect.stringContaining('code 2'),
    });
    expect(interpretEtlCycleRun({ ...run, exitCode: null, timedOut: true }, undefined, undefined).outcome).toBe('timeout');
    expect(interpretEtlCycleRun(run, { ...report('success', []), status: 'running' }, undefined).outcome).toBe('error');
  });

  it('splits the time no phase accounts for into start-up and per-cycle overhead', () => {
    // 10 s of wall time; 1.2 s before the first cycle; phases 3 + 2.5 + 0.5 (backoff) + 2 = 8 s.
    const figures = agentFigures(
      run,
      report('success', [
        cycle('2026-01-01T00:00:01.200Z', { snapshot: 0, cleanup: 0.5, rebuild: 2, orchestrate: 0.5, backoff: 2.5 }),
        cycle('2026-01-01T00:00:07.000Z', { cleanup: 0.5, rebuild: 1.5, orchestrate: 0.5, validate: 0 }),
      ]),
      122_880,
    );
    expect(figures.cycles).toBe(2);
    expect(figures.overheadSeconds).toBeCloseTo(2, 6);
    expect(figures.startupSeconds).toBeCloseTo(1.2, 6);
    expect(figures.overheadPerCycleSeconds).toBeCloseTo(0.4, 6);
    expect(figures.peakRssMb).toBe(120);
    expect(figures.stopReason).toBe('success');
  });

  it('never reports negative overhead when clocks disagree by a little', () => {
    const figures = agentFigures(
      { seconds: 3, startedAt },
      report('success', [cycle('2025-12-31T23:59:59.000Z', { rebuild: 3.2 })]),
      undefined,
    );
    expect(figures.overheadSeconds).toBe(0);
    expect(figures.startupSeconds).toBe(0);
    expect(figures.overheadPerCycleSeconds).toBe(0);
    expect(figures.peakRssMb).toBeNull();
  });
});
