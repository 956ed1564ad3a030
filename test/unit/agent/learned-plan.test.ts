import { describe, expect, it } from 'vitest';
import { learnedPlanNote } from '../../../agent/learned-plan.js';
import { initialPlan } from '../../../agent/plan.js';
import { parseConfigText } from '../../../config/load-config.js';
import type { LearnedDeadlines } from '../../../history/learned-deadlines.js';

const config = parseConfigText('orchestrator:\n  command: [etl]\nreadiness:\n  services:\n    db: { timeout: 90s }\n', '/p/etl-cycle.yaml');
const services = ['db', 'web'].map((name) => ({ name, hasHealthcheck: false, ports: [], hostnames: [name] }));
const learned: LearnedDeadlines = {
  greenRuns: 12,
  margin: 1.5,
  readiness: { db: { ms: 149_000, configuredMs: 90_000, p95Ms: 99_000, samples: 12 } },
  orchestratorTimeout: { ms: 38_000, configuredMs: 1_800_000, p95Ms: 24_700, samples: 12 },
  taskTimeoutFactor: { factor: 0.11, tasks: {} },
};

describe('the initial plan with deadlines learned from history', () => {
  it('takes the learned deadlines, keeps the configured ones it has none for', () => {
    const plan = initialPlan(config, services, learned);
    expect(plan.readiness.db!.timeoutMs).toBe(149_000);
    expect(plan.readiness.web!.timeoutMs).toBe(60_000);
    expect(plan.orchestratorTimeoutMs).toBe(38_000);
    expect(plan.stepTimeoutFactor).toBe(0.11);
    expect(initialPlan(config, services)).toMatchObject({ orchestratorTimeoutMs: 1_800_000, stepTimeoutFactor: 1 });
  });

  it('the report says which deadline came from history, in seconds', () => {
    expect(learnedPlanNote(learned)).toEqual({
      from_green_runs: 12,
      margin: 1.5,
      readiness_timeout_seconds: { db: { learned: 149, configured: 90, p95: 99, samples: 12 } },
      orchestrator_timeout_seconds: { learned: 38, configured: 1800, p95: 24.7, samples: 12 },
      task_timeout_factor: 0.11,
    });
    expect(learnedPlanNote({ ...learned, readiness: {}, orchestratorTimeout: null, taskTimeoutFactor: null })).toBeNull();
    expect(learnedPlanNote(undefined)).toBeNull();
  });
});
