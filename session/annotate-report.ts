/**
 * The run report's history fields, added once the run and its ledger writes are done: the
 * execution's ledger id, and the deadlines the first iteration really took from the history —
 * checked against the plan the report shows, so the report never claims more than was applied.
 */
import { learnedPlanNote } from '../agent/learned-plan.js';
import type { RunReport } from '../agent/report.js';
import { secondsFromMs } from '../core/duration.js';
import type { LearnedDeadlines } from '../history/learned-deadlines.js';

export function annotateReport(report: RunReport, ledgerId: string | null, learned: LearnedDeadlines | undefined): RunReport {
  return { ...report, ledger_id: ledgerId, learned_plan: learnedPlanNote(appliedPart(report, learned)) };
}

function appliedPart(report: RunReport, learned: LearnedDeadlines | undefined): LearnedDeadlines | undefined {
  const plan = report.cycles[0]?.plan;
  if (!learned || !plan) return undefined;
  return {
    ...learned,
    readiness: Object.fromEntries(
      Object.entries(learned.readiness).filter(([service, d]) => plan.readiness[service]?.timeout_seconds === secondsFromMs(d.ms)),
    ),
    orchestratorTimeout:
      learned.orchestratorTimeout && plan.orchestrator_timeout_seconds === secondsFromMs(learned.orchestratorTimeout.ms)
        ? learned.orchestratorTimeout
        : null,
    taskTimeoutFactor:
      learned.taskTimeoutFactor && plan.step_timeout_factor === learned.taskTimeoutFactor.factor ? learned.taskTimeoutFactor : null,
  };
}
