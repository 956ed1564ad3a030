/**
 * What the run history changed in the first iteration's plan, as the run report states it
 * (`learned_plan`): which deadline came from past green runs, what was configured, and the
 * p95 it was derived from. The derivation itself is history/learned-deadlines.ts.
 */
import { secondsFromMs } from '../core/duration.js';
import type { LearnedDeadline, LearnedDeadlines } from '../history/learned-deadlines.js';
import type { LearnedPlanNote } from './report.js';

const inSeconds = (d: LearnedDeadline) => ({
  learned: secondsFromMs(d.ms),
  configured: secondsFromMs(d.configuredMs),
  p95: secondsFromMs(d.p95Ms),
  samples: d.samples,
});

/** null when the history changed nothing. */
export function learnedPlanNote(learned: LearnedDeadlines | undefined): LearnedPlanNote | null {
  if (!learned) return null;
  const readiness = Object.fromEntries(Object.entries(learned.readiness).map(([service, d]) => [service, inSeconds(d)]));
  const orchestrator = learned.orchestratorTimeout ? inSeconds(learned.orchestratorTimeout) : null;
  const factor = learned.taskTimeoutFactor?.factor ?? null;
  if (Object.keys(readiness).length === 0 && orchestrator === null && factor === null) return null;
  return {
    from_green_runs: learned.greenRuns,
    margin: learned.margin,
    readiness_timeout_seconds: readiness,
    orchestrator_timeout_seconds: orchestrator,
    task_timeout_factor: factor,
  };
}
