/**
 * etl-cycle's targets per scenario (scenarios.ts `target`), checked against a session's
 * summary: what was asked, what was measured, and whether it was met. Pure.
 */
import type { Scenario } from './scenarios.js';
import type { TimeToGreenSummary } from './summarize-runs.js';

export interface TargetCheck {
  scenario: string;
  target: string;
  measured: string;
  met: boolean;
}

export function checkTargets(summary: TimeToGreenSummary, scenarios: readonly Scenario[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const scenario of scenarios) {
    const { target } = scenario;
    const row = summary.rows.find((r) => r.scenario === scenario.id && r.contender === 'etl-cycle');
    const floor = summary.floors[scenario.stack];
    if (!target || !row?.seconds || !floor) continue;
    const agent = summary.agent.find((a) => a.scenario === scenario.id);
    const median = row.seconds.median;
    const green = row.mainOutcome === 'green';
    switch (target.kind) {
      case 'ratio':
        checks.push({
          scenario: scenario.id,
          target: `≤ ×${target.max} the floor (${seconds(floor.median * target.max)})`,
          measured: `×${(median / floor.median).toFixed(2)} (${seconds(median)}), ${row.outcome}`,
          met: green && median <= floor.median * target.max,
        });
        break;
      case 'backoff': {
        const backoff = agent?.backoffSeconds?.median ?? 0;
        const limit = floor.median + backoff + target.slackSeconds;
        checks.push({
          scenario: scenario.id,
          target: `≤ floor + backoff waited + ${target.slackSeconds} s (${seconds(floor.median)} + ${seconds(backoff)} + ${target.slackSeconds} s = ${seconds(limit)})`,
          measured: `${seconds(median)}, ${row.outcome}`,
          met: green && median <= limit,
        });
        break;
      }
      case 'rebuild': {
        const last = agent?.lastRebuild;
        const same = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();
        checks.push({
          scenario: scenario.id,
          target: `the healing iteration rebuilds ${target.rebuilt.join(', ')} and keeps ${target.kept.join(', ')}`,
          measured: last
            ? `rebuilt ${last.rebuilt.join(', ') || 'nothing'}; kept ${last.kept.join(', ') || 'nothing'}`
            : 'the runs differ (see the reports)',
          met: green && last !== undefined && same(last.rebuilt, target.rebuilt) && same(last.kept, target.kept),
        });
        break;
      }
    }
  }
  return checks;
}

function seconds(value: number): string {
  return `${value.toFixed(1)} s`;
}
