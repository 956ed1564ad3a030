/**
 * Repeated runs → one row per scenario × contender (outcome, iterations, wall time as median
 * with min–max, ratio of the median to the floor's median), and etl-cycle's own figures.
 */
import { summarize } from '../support/summarize.js';
import type { Summary } from '../support/summarize.js';
import type { Outcome, RunRecord } from './types.js';

export interface ScenarioRow {
  scenario: string;
  stack: string;
  contender: string;
  runs: number;
  /** The outcome all runs had, or a tally such as "green 2/3, gave-up 1/3". */
  outcome: string;
  /** The most frequent outcome (ties: the better one), for ranking. */
  mainOutcome: Outcome;
  iterations: Summary | undefined;
  seconds: Summary | undefined;
  /** Median wall time over the median of its stack's floor. */
  ratio: number | undefined;
}

export interface AgentRow {
  scenario: string;
  runs: number;
  cycles: Summary | undefined;
  startupSeconds: Summary | undefined;
  overheadPerCycleSeconds: Summary | undefined;
  peakRssMb: Summary | undefined;
  backoffSeconds: Summary | undefined;
  /** What the last iteration of each run kept and rebuilt, when all runs agree (else undefined). */
  lastRebuild: { kept: string[]; rebuilt: string[] } | undefined;
}

export interface TimeToGreenSummary {
  /** The floor of the first stack measured (the warehouse in a full run). */
  floor: Summary | undefined;
  /** Each stack's floor. */
  floors: Record<string, Summary>;
  rows: ScenarioRow[];
  agent: AgentRow[];
}

const OUTCOME_RANK: Record<Outcome, number> = { green: 0, stopped: 1, 'gave-up': 2, timeout: 3, error: 4 };

export function summarizeTimeToGreen(
  records: readonly RunRecord[],
  scenarios: readonly string[],
  contenders: readonly string[],
): TimeToGreenSummary {
  const floors: Record<string, Summary> = {};
  for (const stack of new Set(records.filter((r) => r.scenario === 'floor').map((r) => r.stack))) {
    const floorOfStack = summarize(records.filter((r) => r.scenario === 'floor' && r.stack === stack).map((r) => r.seconds));
    if (floorOfStack) floors[stack] = floorOfStack;
  }
  const floor = Object.values(floors)[0];
  const rows: ScenarioRow[] = [];
  const agent: AgentRow[] = [];
  for (const scenario of scenarios) {
    for (const contender of contenders) {
      const runs = records.filter((r) => r.scenario === scenario && r.contender === contender);
      if (runs.length === 0) continue;
      const seconds = summarize(runs.map((r) => r.seconds));
      const stack = runs[0]!.stack;
      const floorOfStack = floors[stack];
      rows.push({
        scenario,
        stack,
        contender,
        runs: runs.length,
        ...tallyOutcomes(runs.map((r) => r.outcome)),
        iterations: summarize(runs.flatMap((r) => (r.iterations === null ? [] : [r.iterations]))),
        seconds,
        ratio: seconds && floorOfStack ? seconds.median / floorOfStack.median : undefined,
      });
    }
    const agentRuns = records.filter((r) => r.scenario === scenario && r.agent);
    if (agentRuns.length > 0) agent.push(agentRow(scenario, agentRuns));
  }
  const allAgentRuns = records.filter((r) => r.agent);
  if (agent.length > 1) agent.push(agentRow('all scenarios', allAgentRuns));
  return { floor, floors, rows, agent };
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
    backoffSeconds: summarize(figures.map((f) => f.backoffSeconds ?? 0)),
    lastRebuild: agreedRebuild(figures.map((f) => f.lastRebuild ?? null)),
  };
}

function agreedRebuild(rebuilds: readonly ({ kept: string[]; rebuilt: string[] } | null)[]): AgentRow['lastRebuild'] {
  const [first] = rebuilds;
  if (!first) return undefined;
  const key = (r: { kept: string[]; rebuilt: string[] } | null) =>
    r ? `${[...r.kept].sort().join()}|${[...r.rebuilt].sort().join()}` : '';
  return rebuilds.every((r) => key(r) === key(first)) ? first : undefined;
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
