import { describe, expect, it } from 'vitest';
import { learnDeadlines } from '../../../history/learned-deadlines.js';
import type { ConfiguredDeadlines, LearnSettings } from '../../../history/learned-deadlines.js';
import type { LearningInput } from '../../../history/types.js';

const settings: LearnSettings = {
  margin: 1.5,
  minRuns: 3,
  minDeadlineMs: 10_000,
  readinessMaxMs: 600_000,
  orchestratorMaxMs: 7_200_000,
  stepTimeoutFactorMax: 8,
};

const configured: ConfiguredDeadlines = {
  readinessMs: { db: 60_000, web: 60_000 },
  orchestratorTimeoutMs: 1_800_000,
  taskTimeoutsMs: {},
};

function input(overrides: Partial<LearningInput>): LearningInput {
  return { greenRuns: 5, readinessMs: {}, orchestrateMs: [], taskMs: {}, ...overrides };
}

describe('learnDeadlines', () => {
  it('raises a readiness deadline the service always needs more than: p95 × margin, whole seconds up', () => {
    // p95 of [80, 85, 90, 95, 100] s = 99 s; × 1.5 = 148.5 s → 149 s.
    const learned = learnDeadlines(input({ readinessMs: { db: [80_000, 85_000, 90_000, 95_000, 100_000] } }), configured, settings);
    expect(learned.readiness.db).toEqual({ ms: 149_000, configuredMs: 60_000, p95Ms: 99_000, samples: 5 });
    expect(learned.readiness.web).toBeUndefined();
  });

  it('lowers a deadline far above what green runs needed, but not below min_deadline', () => {
    const learned = learnDeadlines(
      input({ readinessMs: { web: [200, 300, 250] }, orchestrateMs: [20_000, 25_000, 22_000] }),
      configured,
      settings,
    );
    expect(learned.readiness.web!.ms).toBe(10_000);
    // p95 24.7 s × 1.5 = 37.05 s → 38 s, instead of 30 minutes.
    expect(learned.orchestratorTimeout).toMatchObject({ ms: 38_000, configuredMs: 1_800_000, samples: 3 });
  });

  it('a configured deadline already below min_deadline stays a floor, never raised for it', () => {
    const learned = learnDeadlines(
      input({ readinessMs: { web: [100, 100, 100] } }),
      { ...configured, readinessMs: { web: 5_000 } },
      settings,
    );
    expect(learned.readiness.web).toBeUndefined();
  });

  it('stays within the adjustments ceiling', () => {
    const learned = learnDeadlines(input({ readinessMs: { db: [500_000, 550_000, 590_000] } }), configured, settings);
    expect(learned.readiness.db!.ms).toBe(600_000);
  });

  it('learns nothing from fewer than min_runs green runs', () => {
    const learned = learnDeadlines(
      input({ greenRuns: 2, readinessMs: { db: [90_000, 95_000] }, orchestrateMs: [1000, 1000] }),
      configured,
      settings,
    );
    expect(learned.readiness).toEqual({});
    expect(learned.orchestratorTimeout).toBeNull();
  });

  describe('task timeouts, as one factor', () => {
    const tasks = { ...configured, taskTimeoutsMs: { extract: 600_000, load: 600_000 } };

    it('goes below 1 only when every task is learned, and keeps each at least what it needed', () => {
      const learned = learnDeadlines(
        input({ taskMs: { extract: [10_000, 12_000, 11_000], load: [40_000, 44_000, 42_000] } }),
        tasks,
        settings,
      );
      // load needs p95 43.8 s × 1.5 = 65.7 s → 66 s of its 600 s: factor 0.11.
      expect(learned.taskTimeoutFactor!.factor).toBe(0.11);
      expect(600_000 * learned.taskTimeoutFactor!.factor).toBeGreaterThanOrEqual(66_000);
    });

    it('never cuts a task it has not learned', () => {
      const learned = learnDeadlines(input({ taskMs: { extract: [10_000, 12_000, 11_000] } }), tasks, settings);
      expect(learned.taskTimeoutFactor).toBeNull();
    });

    it('raises when a task needs more than configured, up to the factor ceiling', () => {
      const learned = learnDeadlines(input({ taskMs: { load: [900_000, 950_000, 1_000_000] } }), tasks, settings);
      // p95 995 s × 1.5 = 1492.5 s → 1493 s of 600 s.
      expect(learned.taskTimeoutFactor!.factor).toBe(2.49);
      const huge = learnDeadlines(input({ taskMs: { load: [9_000_000, 9_500_000, 10_000_000] } }), tasks, settings);
      expect(huge.taskTimeoutFactor!.factor).toBe(8);
    });

    it('no workflow, no factor', () => {
      expect(learnDeadlines(input({ taskMs: { load: [1, 2, 3] } }), configured, settings).taskTimeoutFactor).toBeNull();
    });
  });
});
