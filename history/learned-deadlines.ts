/**
 * Deadlines learned from the project's own past: a readiness deadline per service, the
 * orchestrator's timeout and the built-in orchestrator's task timeouts start from what the
 * newest green runs needed — their p95 times a margin — instead of numbers written once and
 * forgotten. A service that always needs 90 s no longer fails its first iteration against a
 * 60 s deadline; an orchestrator that takes 20 s is declared hung after a minute, not 30.
 *
 * Bounds: never above the adjustments' maxima (the planner's own ceiling), never below
 * `min_deadline` (or the configured value, when that is already lower), and only once
 * `min_runs` green runs have a sample. Task timeouts reach the built-in orchestrator as one
 * factor (ETL_CYCLE_TIMEOUT_FACTOR), chosen so that every task keeps at least what it needed;
 * the factor goes below 1 only when every task of the workflow has been learned.
 */
import { percentileOfSorted } from './stats.js';
import type { LearningInput } from './types.js';

export interface LearnSettings {
  margin: number;
  minRuns: number;
  minDeadlineMs: number;
  readinessMaxMs: number;
  orchestratorMaxMs: number;
  stepTimeoutFactorMax: number;
}

/** The deadlines the run would use without history. */
export interface ConfiguredDeadlines {
  readinessMs: Record<string, number>;
  orchestratorTimeoutMs: number;
  /** Timeouts of the tasks the agent's workflow runs (built-in orchestrator only; empty otherwise). */
  taskTimeoutsMs: Record<string, number>;
}

export interface LearnedDeadline {
  ms: number;
  configuredMs: number;
  p95Ms: number;
  samples: number;
}

export interface LearnedDeadlines {
  greenRuns: number;
  margin: number;
  readiness: Record<string, LearnedDeadline>;
  orchestratorTimeout: LearnedDeadline | null;
  /** Multiplies every task timeout of the built-in orchestrator; `tasks` says what each needed. */
  taskTimeoutFactor: { factor: number; tasks: Record<string, LearnedDeadline> } | null;
}

const SECOND = 1000;

function p95(values: readonly number[]): number {
  return percentileOfSorted(Array.from(Float64Array.from(values).sort()), 0.95)!;
}

/** p95 × margin, whole seconds up, within [min(minDeadline, configured), max]. */
function learnOne(
  samples: readonly number[] | undefined,
  configuredMs: number,
  maxMs: number,
  settings: LearnSettings,
): LearnedDeadline | null {
  if (!samples || samples.length < settings.minRuns) return null;
  const p = p95(samples);
  const floor = Math.min(settings.minDeadlineMs, configuredMs);
  const ms = Math.min(Math.max(Math.ceil((p * settings.margin) / SECOND) * SECOND, floor), Math.max(maxMs, floor));
  return { ms, configuredMs, p95Ms: p, samples: samples.length };
}

export function learnDeadlines(input: LearningInput, configured: ConfiguredDeadlines, settings: LearnSettings): LearnedDeadlines {
  const readiness: Record<string, LearnedDeadline> = {};
  for (const [service, configuredMs] of Object.entries(configured.readinessMs)) {
    const learned = learnOne(input.readinessMs[service], configuredMs, settings.readinessMaxMs, settings);
    if (learned && learned.ms !== configuredMs) readiness[service] = learned;
  }
  const orchestrator = learnOne(input.orchestrateMs, configured.orchestratorTimeoutMs, settings.orchestratorMaxMs, settings);
  return {
    greenRuns: input.greenRuns,
    margin: settings.margin,
    readiness,
    orchestratorTimeout: orchestrator && orchestrator.ms !== configured.orchestratorTimeoutMs ? orchestrator : null,
    taskTimeoutFactor: learnTaskFactor(input, configured.taskTimeoutsMs, settings),
  };
}

function learnTaskFactor(
  input: LearningInput,
  timeouts: Record<string, number>,
  settings: LearnSettings,
): LearnedDeadlines['taskTimeoutFactor'] {
  const entries = Object.entries(timeouts).filter(([, ms]) => ms > 0);
  if (entries.length === 0) return null;
  const tasks: Record<string, LearnedDeadline> = {};
  for (const [id, configuredMs] of entries) {
    const learned = learnOne(input.taskMs[id], configuredMs, Number.POSITIVE_INFINITY, settings);
    if (learned) tasks[id] = learned;
  }
  const learnedIds = Object.keys(tasks);
  if (learnedIds.length === 0) return null;
  // Every task keeps at least what it needed...
  let factor = Math.max(...learnedIds.map((id) => tasks[id]!.ms / tasks[id]!.configuredMs));
  // ...a task never learned is never cut...
  if (learnedIds.length < entries.length) factor = Math.max(factor, 1);
  // ...and none goes below the floor of learned deadlines.
  factor = Math.max(factor, ...entries.map(([, ms]) => Math.min(settings.minDeadlineMs / ms, 1)));
  // Up to hundredths (minus a hair, so 0.11 from floating point does not become 0.12).
  factor = Math.min(Math.ceil(factor * 100 - 1e-9) / 100, settings.stepTimeoutFactorMax);
  return factor === 1 ? null : { factor, tasks };
}
