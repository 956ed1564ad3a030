/**
 * Repeated runs → one row per scenario × contender (outcome, iterations, wall time as median
 * with min–max, ratio of the median to the floor's median), and etl-cycle's own figures.
 */
import { summarize } from '../support/summarize.js';
import type { Summary } from '../support/summarize.js';
import type { Outcome, RunRecord } from './types.js';

export interface ScenarioRow {
  scenario: string;
  contender: string;
  runs: number;
  /** The outcome all runs had, or a tally such as "green 2/3, gave-up 1/3". */
  outcome: string;
  /** The most frequent outcome (ties: the better one), for ranking. */
  mainOutcome: Outcome;
  iterations: Summary | undefined;
  seconds: Summary | undefined;
  /** Median wall time over the floor's median. */
  ratio: number | undefined;
}

export interface AgentRow {
  scenario: string;
  runs: number;
  cycles: Summary | undefined;
  startupSeconds: Summary | undefined;
  overheadPerCycleSeconds: Summary | undefined;
  peakRssMb: Summary | undefined;
}

export interface TimeToGreenSummary {
  floor: Summary | undefined;
  rows: ScenarioRow[];
  agent: AgentRow[];
}

const OUTCOME_RANK: Record<Outcome, number> = { green: 0, stopped: 1, 'gave-up': 2, timeout: 3, error: 4 };

export function summarizeTimeToGreen(
  records: readonly RunRecord[],
  scenarios: readonly string[],
  contenders: readonly string[],
): TimeToGreenSummary {
  const floor = summarize(records.filter((r) => r.scenario === 'floor').map((r) => r.seconds));
  const rows: ScenarioRow[] = [];
  const agent: AgentRow[] = [];
  for (const scenario of scenarios) {
    for (const contender of contenders) {
      const runs = records.filter((r) => r.scenario === scenario && r.contender === contender);
      if (runs.length === 0) continue;
      const seconds = summarize(runs.map((r) => r.seconds));
      rows.push({
        scenario,
        contender,
        runs: runs.length,
        ...tallyOutcomes(runs.map((r) => r.outcome)),
        iterations: summarize(runs.flatMap((r) => (r.iterations === null ? [] : [r.iterations]))),
        seconds,
        ratio: seconds && floor ? seconds.median / floor.median : undefined,
      });
    }
    const agentRuns = records.filter((r) => r.scenario === scenario && r.agent);
    if (agentRuns.length > 0) agent.push(agentRow(scenario, agentRuns));
  }
  const allAgentRuns = records.filter((r) => r.agent);
  if (agent.length > 1) agent.push(agentRow('all scenarios', allAgentRuns));
  return { floor, rows, agent };
}

export function tallyOutcomes(outcomes: readonly Outcome[]): { outcome: string; mainOutcome: Outcome } {
  const counts = new Map<Outcome, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  const ordered = [...counts.entries()].sort((a, b) => b[1] - a[1] || OUTCOME_RANK[a[0]] - OUTCOME_RANK[b[0]]);
  const mainOutcome = ordered[0]?.[0] ?? 'error';
  const outcome = ordered.length <= 1 ? mainOutcome : ordered.map(([o, n]) => `${o} ${n}/${outcomes.length}`).join(', ');
  return { outcome, mainOutcome };
}

function agentRow(scenario: string, runs: readonly RunRecord[]): AgentRow {
  const figures = runs.flatMap((r) => (r.agent ? [r.agent] : []));
  return {
    scenario,
    runs: figures.length,
    cycles: summarize(figures.map((f) => f.cycles)),
    startupSeconds: summarize(figures.map((f) => f.startupSeconds)),
    overheadPerCycleSeconds: summarize(figures.map((f) => f.overheadPerCycleSeconds)),
    peakRssMb: summarize(figures.flatMap((f) => (f.peakRssMb === null ? [] : [f.peakRssMb]))),
  };
}

/**
 * The contender that did best in a scenario: the best outcome first (green, then stopping on
 * its own), then the shortest median time.
 */
export function bestContender(rows: readonly ScenarioRow[], scenario: string): string | undefined {
  return rows
    .filter((r) => r.scenario === scenario && r.seconds)
    .sort((a, b) => OUTCOME_RANK[a.mainOutcome] - OUTCOME_RANK[b.mainOutcome] || a.seconds!.median - b.seconds!.median)[0]?.contender;
}
