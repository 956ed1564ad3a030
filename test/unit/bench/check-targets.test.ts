import { describe, expect, it } from 'vitest';
import { checkTargets } from '../../../bench/time-to-green/check-targets.js';
import { SCENARIOS } from '../../../bench/time-to-green/scenarios.js';
import { summarizeTimeToGreen } from '../../../bench/time-to-green/summarize-runs.js';
import type { AgentFigures, RunRecord } from '../../../bench/time-to-green/types.js';

const agent = (overrides: Partial<AgentFigures> = {}): AgentFigures => ({
  cycles: 3,
  overheadSeconds: 1,
  startupSeconds: 0.5,
  overheadPerCycleSeconds: 0.02,
  peakRssMb: 100,
  stopReason: 'success',
  backoffSeconds: 5.5,
  lastRebuild: null,
  ...overrides,
});

const rec = (scenario: string, stack: string, seconds: number, figures?: AgentFigures): RunRecord => ({
  round: 1,
  scenario,
  stack,
  contender: scenario === 'floor' ? 'floor' : 'etl-cycle',
  fault: 'f',
  outcome: 'green',
  iterations: figures?.cycles ?? 1,
  detail: null,
  seconds,
  log: null,
  ...(figures ? { agent: figures } : {}),
});

const scenarios = SCENARIOS.filter((s) => ['flaky-upstream', 'six-services-oom'].includes(s.id));

function check(records: RunRecord[]) {
  return checkTargets(
    summarizeTimeToGreen(
      records,
      scenarios.map((s) => s.id),
      ['etl-cycle'],
    ),
    scenarios,
  );
}

describe('checkTargets', () => {
  it('flaky upstream: floor of its own stack + the backoff waited + 2 s', () => {
    const base = [rec('floor', 'flaky-upstream', 3), rec('floor', 'chain', 1)];
    expect(check([...base, rec('flaky-upstream', 'flaky-upstream', 10, agent())])[0]).toMatchObject({
      met: true,
      measured: '10.0 s, green',
    });
    expect(check([...base, rec('flaky-upstream', 'flaky-upstream', 11, agent())])[0]).toMatchObject({
      met: false,
      target: '≤ floor + backoff waited + 2 s (3.0 s + 5.5 s + 2 s = 10.5 s)',
    });
  });

  it('six services: the healing iteration rebuilt the changed service and its dependents, and nothing else', () => {
    const floor = rec('floor', 'chain', 1);
    const exact = agent({ lastRebuild: { rebuilt: ['report', 'transform', 'api'], kept: ['store', 'queue', 'metrics'] } });
    expect(check([floor, rec('six-services-oom', 'chain', 5, exact)])).toEqual([
      {
        scenario: 'six-services-oom',
        target: 'the healing iteration rebuilds transform, api, report and keeps store, queue, metrics',
        measured: 'rebuilt report, transform, api; kept store, queue, metrics',
        met: true,
      },
    ]);
    const tooMuch = agent({ lastRebuild: { rebuilt: ['store', 'transform', 'api', 'report'], kept: ['queue', 'metrics'] } });
    expect(check([floor, rec('six-services-oom', 'chain', 5, tooMuch)])[0]?.met).toBe(false);
  });
});
