/**
 * The loop driver: runs iterations through the effects, feeds each result to the pure step
 * (cycle-step.ts), keeps the report current, and lets the one retry engine (core/retry.ts, on
 * p-retry) own the attempts, the backoff wait, the abort signal and the time budget.
 *
 * The time budget is a hard stop: it aborts an iteration in flight like a signal would, cuts a
 * backoff short, and no iteration starts after it.
 */
import { AbortedError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { retry, RetryableFailure } from '../core/retry.js';
import type { BackoffSettings } from '../config/types.js';
import type { EngineReport } from '../docker/engine/engine-report.js';
import type { CycleEffects } from './cycle-effects.js';
import { abortDiagnosis, initialCycleState, stepCycle } from './cycle-step.js';
import type { CycleState, CycleStep, StepContext } from './cycle-step.js';
import type { AgentObserver } from './observer.js';
import type { IterationPlan, ServiceFacts } from './plan.js';
import type { PlannerSettings } from './planner.js';
import { finishReport, newReport } from './report.js';
import type { CycleRecord, RunReport, StopReason } from './report.js';
import { runIteration } from './run-iteration.js';

export interface CycleSettings {
  executionId: string;
  project: string;
  configFile?: string;
  version: string;
  maxIterations: number;
  timeBudgetMs: number;
  backoff: BackoffSettings;
  planner: PlannerSettings;
  services: readonly ServiceFacts[];
  initialPlan: IterationPlan;
  logFile: string;
  reportFile: string;
  engine?: EngineReport;
}

export interface DriveCycleOptions {
  settings: CycleSettings;
  effects: CycleEffects;
  observer: Required<AgentObserver>;
  logger: Logger;
  /** SIGINT/SIGTERM from the CLI (or a test). */
  signal: AbortSignal;
  /** Random source for the backoff jitter (tests pin it). */
  random?: () => number;
}

/** How the loop ended, carried out of the retry engine. */
type Ending = Pick<Extract<CycleStep, { kind: 'stop' }>, 'stopReason' | 'diagnosis'>;

export async function driveCycle(options: DriveCycleOptions): Promise<RunReport> {
  const { settings, effects, observer, logger } = options;
  const startedAt = new Date();
  const t0 = performance.now();
  let report = newReport({
    executionId: settings.executionId,
    project: settings.project,
    configFile: settings.configFile,
    version: settings.version,
    startedAt,
    maxIterations: settings.maxIterations,
    logFile: settings.logFile,
    reportFile: settings.reportFile,
    ...(settings.engine ? { engine: settings.engine } : {}),
  });
  await effects.writeReport(report);
  observer.runStarted({
    executionId: settings.executionId,
    project: settings.project,
    maxIterations: settings.maxIterations,
    services: settings.services.map((s) => s.name),
    reportFile: settings.reportFile,
  });

  const budget = new AbortController();
  const budgetTimer = setTimeout(() => budget.abort(new AbortedError('budget')), settings.timeBudgetMs);
  budgetTimer.unref();
  const signal = AbortSignal.any([options.signal, budget.signal]);

  let state: CycleState = initialCycleState(settings.initialPlan);
  let final: Ending | undefined;
  /** When the current backoff wait started (to record its length on the iteration before it). */
  let waitStartedAt: number | undefined;

  const record = async (cycle: CycleRecord): Promise<void> => {
    report = { ...report, cycles: [...report.cycles, cycle], iterations_executed: report.cycles.length + 1 };
    await effects.writeReport(report);
    observer.iterationFinished(cycle);
  };
  const recordWaitEnded = async (): Promise<void> => {
    if (waitStartedAt === undefined) return;
    const waited = Math.round(performance.now() - waitStartedAt) / 1000;
    waitStartedAt = undefined;
    const last = report.cycles[report.cycles.length - 1];
    if (!last) return;
    report = { ...report, cycles: [...report.cycles.slice(0, -1), { ...last, phases: { ...last.phases, backoff: waited } }] };
    await effects.writeReport(report);
  };

  const iterate = async (iteration: number): Promise<Ending> => {
    await recordWaitEnded();
    const iterationLogger = logger.child({ iteration });
    iterationLogger.info(`iteration ${iteration} of ${settings.maxIterations} started`);
    observer.iterationStarted(iteration, settings.maxIterations);
    const result = await runIteration({
      effects: effects.beginIteration(iteration),
      iteration,
      plan: state.plan,
      signal,
      onPhase: (phase) => observer.phaseStarted(iteration, phase),
    });
    const next = stepCycle(state, result, stepContext(settings, iteration));
    await record(next.record);
    if (next.kind === 'stop') {
      iterationLogger.info(
        next.stopReason === 'success' ? `iteration ${iteration} succeeded` : `stopping: ${next.stopReason}: ${next.diagnosis}`,
      );
      final = next;
      return next;
    }
    iterationLogger.info(`iteration ${iteration} failed: ${next.record.primary_class}`, { adjustments: next.record.adjustments });
    state = next.state;
    throw new RetryableFailure(`iteration ${iteration} failed`, next, !next.backoff);
  };

  try {
    final = await retry(iterate, {
      attempts: settings.maxIterations,
      // Jitter is drawn once per run, so parallel CI jobs that failed together do not retry in
      // lockstep while every wait of this run stays exact for the countdown. It only shortens.
      delay: { ...settings.backoff, initialMs: jitteredInitial(settings.backoff, options.random ?? Math.random) },
      budgetMs: settings.timeBudgetMs - (performance.now() - t0),
      signal,
      onRetry: ({ attempt, delayMs }) => {
        observer.backoffStarted(attempt, delayMs);
        logger.debug(
          delayMs === 0
            ? `no backoff before iteration ${attempt + 1}: it runs with the adjustments`
            : `backing off ${delayMs}ms before iteration ${attempt + 1}`,
        );
        waitStartedAt = performance.now();
      },
    });
  } catch (error) {
    // p-retry checks the signal again after an attempt returned: a signal that lands just then does not undo the outcome.
    if (!final) {
      await recordWaitEnded();
      final = endingOf(error, settings);
    }
  } finally {
    clearTimeout(budgetTimer);
  }

  await effects.teardown(final.stopReason);
  report = finishReport(report, new Date(), final.stopReason, final.diagnosis);
  await effects.writeReport(report);
  observer.runFinished(report);
  logger.info(`run finished: ${final.stopReason}`, { report: settings.reportFile });
  return report;
}

/** The stop when the retry engine gave up: a signal or the budget (during a wait, or no time left for another iteration). */
function endingOf(error: unknown, settings: CycleSettings): Ending {
  if (error instanceof AbortedError) {
    const budget = error.reason === 'budget';
    const stopReason: StopReason = budget ? 'budget' : 'aborted';
    return { stopReason, diagnosis: abortDiagnosis(budget, settings, error.signal) };
  }
  // The last iteration asked for another one, but the time budget has no room left for it.
  if (error instanceof RetryableFailure) return { stopReason: 'budget', diagnosis: abortDiagnosis(true, settings) };
  throw error;
}

function stepContext(settings: CycleSettings, iteration: number): StepContext {
  return {
    iteration,
    maxIterations: settings.maxIterations,
    timeBudgetMs: settings.timeBudgetMs,
    services: settings.services,
    planner: settings.planner,
    skipBackoffWhenAdjusted: settings.backoff.skipWhenAdjusted,
  };
}

/** The first wait with this run's jitter: initial × (1 − jitter × random), in [initial × (1 − jitter), initial]. */
function jitteredInitial(backoff: Pick<BackoffSettings, 'initialMs' | 'jitter'>, random: () => number): number {
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(backoff.initialMs * (1 - backoff.jitter * r));
}
