/**
 * The loop itself, without Docker: driveCycle over fake effects, one table row per way a run
 * can end. Each row scripts what every iteration's phases do (succeed, fail with facts, hang,
 * get interrupted, hit a bug) and states the stop reason, the iterations run and what the
 * loop passed on (plans, waits, teardown).
 */
import { describe, expect, it } from 'vitest';
import type { CycleEffects, IterationEffects } from '../../../agent/cycle-effects.js';
import { driveCycle } from '../../../agent/drive-cycle.js';
import type { CycleSettings } from '../../../agent/drive-cycle.js';
import type { FailureFacts, IterationPhase } from '../../../agent/failure.js';
import { safeObserver } from '../../../agent/observer.js';
import type { IterationPlan } from '../../../agent/plan.js';
import type { RunReport, StopReason } from '../../../agent/report.js';
import { LineTasks } from '../../../agent/attribute-task.js';
import { AbortedError, OwnershipError } from '../../../core/errors.js';
import { createLogger } from '../../../core/logger.js';
import { StackUpError } from '../../../docker/errors.js';
import type { ProcessResult } from '../../../process/types.js';
import { facts, match, plan, services, settings as plannerSettings } from './planner-fixtures.js';

type Phase = IterationPhase;
const PHASES: Phase[] = ['snapshot', 'cleanup', 'rebuild', 'orchestrate', 'validate'];

/** What one iteration does. Unnamed phases succeed. */
interface IterationScript {
  /** The phase fails; the facts are what diagnosis finds. */
  fail?: { phase: 'rebuild' | 'orchestrate' | 'validate' | 'cleanup'; facts: FailureFacts };
  /** The snapshot is fatal (git.required outside a repository). */
  fatalSnapshot?: string;
  /** SIGINT arrives while this phase runs. */
  interruptIn?: Phase;
  /** This phase runs until the run's signal aborts (the budget, in these tests). */
  hangIn?: Phase;
  /** This phase throws a bug. */
  bugIn?: Phase;
  /** This phase meets a resource with our name but not our labels. */
  ownershipIn?: 'cleanup' | 'rebuild';
}

interface Harness {
  effects: CycleEffects;
  plans: IterationPlan[];
  teardowns: StopReason[];
  reportsWritten: number;
  waits: { iteration: number; delayMs: number }[];
  phasesSeen: string[];
}

const ok: ProcessResult = {
  exitCode: 0,
  signal: null,
  timedOut: false,
  aborted: false,
  durationMs: 1,
  outputTail: '',
  success: true,
  commandLine: 'orchestrate',
};

function harness(script: IterationScript[], interrupt: AbortController): Harness {
  const h: Harness = {
    effects: undefined as unknown as CycleEffects,
    plans: [],
    teardowns: [],
    reportsWritten: 0,
    waits: [],
    phasesSeen: [],
  };
  const iterationEffects = (iteration: number): IterationEffects => {
    const step = script[iteration - 1] ?? {};
    /** Runs a phase's scripted trouble: interrupt, hang until aborted, bug, ownership. */
    const trouble = async (phase: Phase, signal: AbortSignal): Promise<void> => {
      h.phasesSeen.push(`${iteration}:${phase}`);
      if (step.interruptIn === phase) {
        interrupt.abort(new AbortedError('signal', 'SIGINT'));
        throw signal.reason;
      }
      if (step.hangIn === phase) {
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        throw signal.reason;
      }
      if (step.bugIn === phase) throw new TypeError("Cannot read properties of undefined (reading 'ports')");
      if (step.ownershipIn === phase) throw new OwnershipError('container', 'x-db-1', 'container x-db-1 exists without etl-cycle labels');
    };
    const fails = (phase: string) => step.fail?.phase === phase;
    return {
      orchestratorLog: `/tmp/orchestrator_${iteration}.log`,
      snapshot: async () => {
        // The snapshot phase takes no signal (it is short; the iteration checks the signal after it).
        await trouble('snapshot', interrupt.signal);
        return step.fatalSnapshot
          ? { snapshot: { status: 'not_a_repository', durationMs: 1 }, fatal: step.fatalSnapshot }
          : { snapshot: { status: 'skipped', durationMs: 1 } };
      },
      cleanup: async (_plan, signal) => {
        await trouble('cleanup', signal);
        if (fails('cleanup')) throw new Error('unreachable in these tests');
        return { removed: [], orphansKept: [] };
      },
      converge: async (p, signal) => {
        h.plans.push(p);
        await trouble('rebuild', signal);
        return { changes: [], removeVolumes: false, definitions: {}, existing: {} };
      },
      rebuild: async () => {
        if (fails('rebuild')) throw new StackUpError({ service: 'db', stage: 'readiness', detail: 'db not ready' });
        return { services: [], changes: [], removed: [] };
      },
      classifierReady: async () => undefined,
      orchestrate: async (_plan, signal) => {
        await trouble('orchestrate', signal);
        const result = fails('orchestrate') ? { ...ok, exitCode: 1, success: false } : ok;
        return { result, lineTasks: new LineTasks() };
      },
      validate: async (signal) => {
        await trouble('validate', signal);
        return fails('validate') ? [{ name: 'rows', passed: false, detail: 'no rows' }] : [];
      },
      diagnose: async (context) => step.fail?.facts ?? facts('unknown', undefined, { phase: context.phase }),
    };
  };
  h.effects = {
    beginIteration: iterationEffects,
    writeReport: async () => void (h.reportsWritten += 1),
    teardown: async (reason) => void h.teardowns.push(reason),
  };
  return h;
}

function cycleSettings(overrides: Partial<CycleSettings> = {}): CycleSettings {
  return {
    executionId: 'test-exec',
    project: 'p',
    version: '0.0.0-test',
    maxIterations: 5,
    timeBudgetMs: 60_000,
    backoff: { initialMs: 1, factor: 2, maxMs: 8, jitter: 0, skipWhenAdjusted: true },
    planner: plannerSettings,
    services,
    initialPlan: plan(),
    logFile: '/tmp/log',
    reportFile: '/tmp/report.json',
    ...overrides,
  };
}

async function drive(
  script: IterationScript[],
  overrides: Partial<CycleSettings> = {},
): Promise<{ report: RunReport; h: Harness; ms: number }> {
  const interrupt = new AbortController();
  const h = harness(script, interrupt);
  const started = performance.now();
  const report = await driveCycle({
    settings: cycleSettings(overrides),
    effects: h.effects,
    observer: safeObserver({ backoffStarted: (iteration, delayMs) => h.waits.push({ iteration, delayMs }) }, () => undefined),
    logger: createLogger({ consoleLevel: 'error', consoleWrite: () => undefined }),
    signal: interrupt.signal,
    random: () => 0,
  });
  return { report, h, ms: performance.now() - started };
}

const orchestrateFails = (cls: Parameters<typeof match>[0], captures: Record<string, string> = {}): IterationScript => ({
  fail: { phase: 'orchestrate', facts: facts(cls, match(cls, captures)) },
});
const readinessFails: IterationScript = {
  fail: { phase: 'rebuild', facts: facts('timeout', match('timeout'), { phase: 'rebuild', stackStage: 'readiness', failedService: 'db' }) },
};
const slowBackoff = { initialMs: 60_000, factor: 1, maxMs: 60_000, jitter: 0, skipWhenAdjusted: true };

describe('driveCycle: every way a run ends', () => {
  const rows: {
    name: string;
    script: IterationScript[];
    settings?: Partial<CycleSettings>;
    stop: StopReason;
    iterations: number;
    diagnosis?: RegExp;
  }[] = [
    { name: 'green at once', script: [{}], stop: 'success', iterations: 1 },
    { name: 'green after a plain retry', script: [orchestrateFails('upstream_error'), {}], stop: 'success', iterations: 2 },
    {
      name: 'a class retrying cannot fix',
      script: [orchestrateFails('auth_failed', { user: 'etl' })],
      stop: 'non_retryable',
      iterations: 1,
      diagnosis: /auth/i,
    },
    {
      name: 'a fatal snapshot (git.required)',
      script: [{ fatalSnapshot: 'git.required is set but /x is not a git repository' }],
      stop: 'non_retryable',
      iterations: 1,
      diagnosis: /git.required/,
    },
    {
      name: 'a resource that is not ours',
      script: [{ ownershipIn: 'cleanup' }],
      stop: 'non_retryable',
      iterations: 1,
      diagnosis: /without etl-cycle labels/,
    },
    {
      name: 'the same plain-retry failure three times',
      script: Array(5).fill(orchestrateFails('deadlock')),
      stop: 'stuck',
      iterations: 3,
      diagnosis: /repeated 3 times/,
    },
    // 5 s → 10 → 20 → 40 (the max): the fifth failure has nothing left to raise.
    {
      name: 'stuck at the bounds of an adjustment',
      script: Array(6).fill(readinessFails),
      settings: { maxIterations: 6 },
      stop: 'stuck',
      iterations: 4,
    },
    {
      name: 'the iteration limit',
      script: Array(2).fill(orchestrateFails('upstream_error')),
      settings: { maxIterations: 2 },
      stop: 'max_iterations',
      iterations: 2,
      diagnosis: /did not come up green in 2 iteration/,
    },
    {
      name: 'the budget runs out mid-iteration',
      script: [{ hangIn: 'orchestrate' }],
      settings: { timeBudgetMs: 150 },
      stop: 'budget',
      iterations: 1,
      diagnosis: /time budget/,
    },
    {
      name: 'the budget runs out during the backoff',
      script: [orchestrateFails('upstream_error'), {}],
      settings: { timeBudgetMs: 200, backoff: slowBackoff },
      stop: 'budget',
      iterations: 1,
    },
    ...PHASES.map((phase) => ({
      name: `SIGINT during ${phase}`,
      script: [{ interruptIn: phase }],
      stop: 'aborted' as const,
      iterations: 1,
      diagnosis: /stopped by SIGINT/,
    })),
    {
      name: 'SIGINT during the second iteration',
      script: [orchestrateFails('upstream_error'), { interruptIn: 'rebuild' }],
      stop: 'aborted',
      iterations: 2,
    },
  ];

  it.each(rows)('$name → $stop after $iterations iteration(s)', async (row) => {
    const { report, h } = await drive(row.script, row.settings);
    expect(report.stop_reason).toBe(row.stop);
    expect(report.iterations_executed).toBe(row.iterations);
    expect(report.cycles).toHaveLength(row.iterations);
    expect(report.overall_success).toBe(row.stop === 'success');
    expect(report.status).toBe('finished');
    if (row.diagnosis) expect(report.diagnosis).toMatch(row.diagnosis);
    expect(h.teardowns).toEqual([row.stop]);
    // The report is on disk before the first iteration, after each one, and at the end.
    expect(h.reportsWritten).toBeGreaterThanOrEqual(row.iterations + 2);
  });

  it('an interrupted phase is the last one that ran', async () => {
    for (const phase of PHASES) {
      const { h, report } = await drive([{ interruptIn: phase }]);
      expect(h.phasesSeen.at(-1)).toBe(`1:${phase}`);
      expect(report.cycles[0]!.status).toBe('aborted');
    }
  });
});

describe('driveCycle: what it passes from one iteration to the next', () => {
  it('the next iteration runs with the planner’s plan (a raised readiness deadline) and without waiting', async () => {
    const { h, report } = await drive([readinessFails, {}]);
    expect(h.plans.map((p) => p.readiness.db!.timeoutMs)).toEqual([5_000, 10_000]);
    expect(h.waits).toEqual([{ iteration: 1, delayMs: 0 }]);
    expect(report.cycles[0]!.adjustments).toEqual([expect.stringMatching(/readiness deadline of db from 5(\.0)?s to 10s/)]);
  });

  it('one-shot actions are for one iteration only: fresh volumes once, then carried off', async () => {
    const missing = orchestrateFails('missing_table', { table: 'customers' });
    const { h } = await drive([missing, orchestrateFails('upstream_error'), {}]);
    expect(h.plans.map((p) => p.recreateVolumes)).toEqual([false, true, false]);
  });

  it('plain retries back off exponentially, counting only the waits taken', async () => {
    const { h } = await drive([
      orchestrateFails('upstream_error'),
      orchestrateFails('missing_table', { table: 't' }),
      orchestrateFails('upstream_error'),
      {},
    ]);
    expect(h.waits.map((w) => w.delayMs)).toEqual([1, 0, 2]);
  });

  it('with skip_when_adjusted off, an adjusted iteration waits too', async () => {
    const { h } = await drive([readinessFails, {}], { backoff: { initialMs: 3, factor: 2, maxMs: 8, jitter: 0, skipWhenAdjusted: false } });
    expect(h.waits).toEqual([{ iteration: 1, delayMs: 3 }]);
  });

  it('the backoff waited is recorded on the iteration before it', async () => {
    const { report } = await drive([orchestrateFails('upstream_error'), {}], {
      backoff: { initialMs: 60, factor: 1, maxMs: 60, jitter: 0, skipWhenAdjusted: true },
    });
    expect(report.cycles[0]!.phases.backoff).toBeGreaterThanOrEqual(0.05);
    expect(report.cycles[1]!.phases.backoff).toBeUndefined();
  });

  it('a bug in a phase surfaces at once instead of sitting through a backoff', async () => {
    const interrupt = new AbortController();
    const h = harness([{ bugIn: 'rebuild' }, {}], interrupt);
    const started = performance.now();
    await expect(
      driveCycle({
        settings: cycleSettings({ backoff: slowBackoff }),
        effects: h.effects,
        observer: safeObserver({}, () => undefined),
        logger: createLogger({ consoleLevel: 'error', consoleWrite: () => undefined }),
        signal: interrupt.signal,
      }),
    ).rejects.toBeInstanceOf(TypeError);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(h.phasesSeen).toEqual(['1:snapshot', '1:cleanup', '1:rebuild']);
  });

  it('SIGINT during the backoff ends the run at once as aborted, the wait recorded', async () => {
    const interrupt = new AbortController();
    const h = harness([orchestrateFails('upstream_error'), {}], interrupt);
    const started = performance.now();
    const report = await driveCycle({
      settings: cycleSettings({ backoff: slowBackoff }),
      effects: h.effects,
      observer: safeObserver(
        { backoffStarted: () => void setTimeout(() => interrupt.abort(new AbortedError('signal', 'SIGINT')), 30) },
        () => undefined,
      ),
      logger: createLogger({ consoleLevel: 'error', consoleWrite: () => undefined }),
      signal: interrupt.signal,
    });
    expect(report.stop_reason).toBe('aborted');
    expect(report.iterations_executed).toBe(1);
    expect(report.cycles[0]!.phases.backoff).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
