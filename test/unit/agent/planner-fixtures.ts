/** Builders for planner inputs: each test states only what matters to it. */
import type { FailureFacts, HistoryEntry } from '../../../agent/failure.js';
import type { IterationPlan, ServiceFacts } from '../../../agent/plan.js';
import type { PlannerInput, PlannerSettings } from '../../../agent/planner.js';
import type { ErrorClassId } from '../../../core/error-classes.js';
import type { PatternMatch } from '../../../patterns/types.js';

export const settings: PlannerSettings = {
  growthFactor: 2,
  readinessTimeoutMaxMs: 40_000,
  orchestratorTimeoutMaxMs: 600_000,
  settleMaxMs: 8_000,
  memoryMaxBytes: 512 * 1024 * 1024,
  stepTimeoutFactorMax: 8,
  classPolicy: {},
  // Resuming has its own tests (plan-resume.test.ts); the planner's other rules run without it.
  resume: { mode: 'never', builtinOrchestrator: false, freshVolumes: false, tasks: [] },
};

export const services: ServiceFacts[] = [
  {
    name: 'db',
    hasHealthcheck: true,
    memLimitBytes: 128 * 1024 * 1024,
    ports: [{ container: 5432, host: 15432 }],
    hostnames: ['db', 'postgres'],
  },
  { name: 'api', hasHealthcheck: false, ports: [{ container: 8080 }], hostnames: ['api'] },
];

export function plan(overrides: Partial<IterationPlan> = {}): IterationPlan {
  return {
    rebuild: 'converge',
    laterRebuild: 'converge',
    readiness: {
      db: { strategy: { type: 'auto' }, timeoutMs: 5_000, settleMs: 0 },
      api: { strategy: { type: 'none' }, timeoutMs: 5_000, settleMs: 0 },
    },
    orchestratorTimeoutMs: 60_000,
    stepTimeoutFactor: 1,
    memoryOverrides: {},
    recreateVolumes: false,
    removeOrphans: false,
    ...overrides,
  };
}

export function match(cls: ErrorClassId, captures: Record<string, string> = {}, extra: Partial<PatternMatch> = {}): PatternMatch {
  return {
    class: cls,
    pattern: `test.${cls}`,
    line: 3,
    text: `a ${cls} line`,
    captures,
    hint: `hint for ${cls}`,
    source: 'orchestrator',
    ...extra,
  };
}

export function facts(primary: ErrorClassId | 'unknown', m?: PatternMatch, extra: Partial<FailureFacts> = {}): FailureFacts {
  return {
    phase: 'orchestrate',
    classification: { primary, primaryMatch: m, matches: m ? [m] : [] },
    containers: [],
    portHolders: [],
    outputFingerprint: 'fp',
    orchestrator: { exitCode: 1, timedOut: false },
    ...extra,
  };
}

export function input(
  f: FailureFacts,
  p: IterationPlan = plan(),
  history: HistoryEntry[] = [],
  s: PlannerSettings = settings,
): PlannerInput {
  return { facts: f, plan: p, history, services, settings: s };
}
