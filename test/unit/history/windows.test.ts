import { describe, expect, it } from 'vitest';
import { collision, forgettableWindowRuns, gapsOf, nextWindow } from '../../../history/windows.js';
import type { WindowRun } from '../../../history/windows.js';
import { planWindows } from '../../../session/windows/plan-windows.js';

const H = 3_600_000;
const T0 = Date.parse('2026-12-03T00:00:00Z');
let seq = 0;
function run(startHour: number, state: WindowRun['state'], overrides: Partial<WindowRun> = {}): WindowRun {
  seq += 1;
  const start = T0 + startHour * H;
  return {
    id: `run${seq}`,
    project: 'p',
    workflow: 'hourly',
    start,
    end: start + H,
    mode: 'incremental',
    state,
    executionId: null,
    failureClass: state === 'failed' ? 'connection_refused' : null,
    error: null,
    startedAt: start + H + seq,
    endedAt: start + H + seq + 1000,
    ...overrides,
  };
}

describe('windows', () => {
  it('the first window is the last complete one before now, aligned to the size; then each follows the latest recorded one', () => {
    expect(nextWindow([], H, T0 + 5.5 * H)).toEqual({ window: { start: T0 + 4 * H, end: T0 + 5 * H } });
    expect(nextWindow([run(4, 'failed')], H, T0 + 6.1 * H)).toEqual({ window: { start: T0 + 5 * H, end: T0 + 6 * H } });
    expect(nextWindow([run(4, 'succeeded')], H, T0 + 5.5 * H)).toEqual({
      notBefore: T0 + 6 * H,
      window: { start: T0 + 5 * H, end: T0 + 6 * H },
    });
  });

  it('a gap is a window whose runs all failed, oldest first, with its age and last class', () => {
    const runs = [
      run(1, 'failed'),
      run(2, 'failed'),
      run(2, 'succeeded'),
      run(3, 'failed', { failureClass: 'data_rejected' }),
      run(3, 'failed'),
    ];
    const gaps = gapsOf(runs, T0 + 10 * H);
    expect(gaps.map((g) => [g.start, g.attempts, g.failureClass])).toEqual([
      [T0 + H, 1, 'connection_refused'],
      [T0 + 3 * H, 2, 'connection_refused'],
    ]);
    expect(gaps[0]!.ageMs).toBe(T0 + 10 * H - runs[0]!.endedAt!);
  });

  it('retention forgets only loaded windows that all started before the cut, never a gap, a running window or the latest one', () => {
    const healed = [run(1, 'failed'), run(1, 'succeeded')];
    const gap = run(2, 'failed');
    const loaded = run(3, 'succeeded');
    const straddling = [run(4, 'failed'), run(4, 'succeeded', { startedAt: T0 + 20 * H })];
    const stillRunning = [run(5, 'succeeded'), run(5, 'running')];
    const latest = run(6, 'succeeded');
    const otherWorkflow = run(1, 'succeeded', { workflow: 'daily', end: T0 + 2 * H });
    const runs = [...healed, gap, loaded, ...straddling, ...stillRunning, latest, otherWorkflow];
    expect(forgettableWindowRuns(runs, T0 + 10 * H).sort()).toEqual([...healed, loaded].map((r) => r.id).sort());
    expect(forgettableWindowRuns(runs, T0)).toEqual([]);
  });

  it('refuses an overlapping window and a duplicate of a loaded or running one; a gap may be run again', () => {
    const runs = [run(1, 'succeeded'), run(2, 'failed'), run(3, 'running')];
    expect(collision(runs, { start: T0 + 1.5 * H, end: T0 + 2.5 * H })).toMatch(
      /overlaps the recorded window 2026-12-03T01:00:00Z – 2026-12-03T02:00:00Z/,
    );
    expect(collision(runs, { start: T0 + H, end: T0 + 2 * H })).toMatch(/was already loaded by run\d+; a duplicate window is refused/);
    expect(collision(runs, { start: T0 + 3 * H, end: T0 + 4 * H })).toMatch(/is being run right now/);
    expect(collision(runs, { start: T0 + 2 * H, end: T0 + 3 * H })).toBeUndefined();
    expect(collision(runs, { start: T0 + 4 * H, end: T0 + 5 * H })).toBeUndefined();
  });
});

describe('planWindows', () => {
  const runs = [run(0, 'failed'), run(1, 'failed'), run(2, 'succeeded'), run(3, 'failed')];
  const now = T0 + 5.2 * H;

  it('incremental: only the next window, never a gap', () => {
    expect(planWindows({ runs, sizeMs: H, mode: 'incremental', maxRecover: 5, now }).windows).toEqual([
      { start: T0 + 4 * H, end: T0 + 5 * H, mode: 'incremental' },
    ]);
  });

  it('full: at most max_recover gaps, oldest first, then its own window', () => {
    expect(planWindows({ runs, sizeMs: H, mode: 'full', maxRecover: 2, now }).windows.map((w) => [(w.start - T0) / H, w.mode])).toEqual([
      [0, 'recovery'],
      [1, 'recovery'],
      [4, 'full'],
    ]);
  });

  it('the agent retrying an iteration re-runs the window it failed, not the next one', () => {
    const mine = [...runs, run(4, 'failed', { executionId: 'agent-run' })];
    expect(planWindows({ runs: mine, sizeMs: H, mode: 'incremental', maxRecover: 5, now, parentExecutionId: 'agent-run' }).windows).toEqual(
      [{ start: T0 + 4 * H, end: T0 + 5 * H, mode: 'incremental' }],
    );
  });

  it('--window on a loaded window is refused as a duplicate', () => {
    expect(() => planWindows({ runs, sizeMs: H, mode: 'incremental', maxRecover: 5, now, explicitStart: T0 + 2 * H })).toThrow(
      /a duplicate window is refused/,
    );
  });
});
