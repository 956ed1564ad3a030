import { describe, expect, it } from 'vitest';
import type { ExecutionSummary } from '../../../history/types.js';
import type { LedgerSnapshot } from '../../../metrics/ledger-snapshot.js';
import { evaluateHealth } from '../../../serve/health.js';

const NOW = Date.parse('2026-06-02T12:00:00Z');
const HOUR = 3_600_000;

function run(state: ExecutionSummary['state'], endedAt: number | null): ExecutionSummary {
  return {
    id: '20260602_100000_abcd',
    project: 'shop',
    state,
    stopReason: null,
    trigger: 'schedule',
    startedAt: (endedAt ?? NOW) - 60_000,
    endedAt,
    durationMs: endedAt === null ? null : 60_000,
    timeToGreenMs: null,
    iterations: 2,
    maxIterations: 5,
    mainClass: state === 'failed' ? 'out_of_memory' : null,
    diagnosis: null,
    gitSha: null,
    gitBranch: null,
    host: 'h',
    pid: 1,
    version: '0',
    configHash: null,
    reportFile: null,
    orchestratorPgid: null,
  };
}

function snapshot(lastFinished: ExecutionSummary | null): LedgerSnapshot {
  return {
    project: 'shop',
    takenAt: NOW,
    byState: { running: 0, success: 0, failed: 0, aborted: 0, interrupted: 0 },
    running: [],
    lastFinished,
    lastSuccess: null,
    greenDurationsMs: new Map(),
    greenIterations: new Map(),
    failuresByClass: [],
    gaps: 0,
    revision: 'r1',
  };
}

describe('evaluateHealth', () => {
  it('is 200 only for a green last run younger than max_age', () => {
    expect(evaluateHealth(snapshot(run('success', NOW - HOUR)), 2 * HOUR, NOW)).toMatchObject({ code: 200, body: { status: 'ok' } });
    expect(evaluateHealth(snapshot(run('success', NOW - 3 * HOUR)), 2 * HOUR, NOW)).toMatchObject({ code: 503, body: { status: 'stale' } });
    expect(evaluateHealth(snapshot(null), 2 * HOUR, NOW)).toMatchObject({ code: 503, body: { status: 'no_runs', last_run: null } });
    for (const state of ['failed', 'aborted', 'interrupted'] as const) {
      expect(evaluateHealth(snapshot(run(state, NOW - 60_000)), 2 * HOUR, NOW), state).toMatchObject({
        code: 503,
        body: { status: 'failing' },
      });
    }
  });

  it('describes the last run: id, state, end time, duration, iterations, main class, age', () => {
    const { body } = evaluateHealth(snapshot(run('failed', NOW - 90_000)), HOUR, NOW);
    expect(body.last_run).toEqual({
      id: '20260602_100000_abcd',
      state: 'failed',
      end_time: new Date(NOW - 90_000).toISOString(),
      duration_seconds: 60,
      iterations: 2,
      main_class: 'out_of_memory',
      age_seconds: 90,
    });
    expect(body.reason).toContain('out_of_memory');
  });
});
