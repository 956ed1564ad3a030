/**
 * The self-healing loop: iterate until the stack is green, a failure retrying cannot fix, the
 * same failure stuck at its bounds, the iteration limit, the time budget or a signal.
 * Between iterations the planner changes the plan and the loop backs off (p-retry drives the
 * attempts, see retry-loop.ts). The report is rewritten atomically after every iteration.
 */
import { join } from 'node:path';
import { AbortedError, errorMessage } from '../core/errors.js';
import { sleep } from '../core/sleep.js';
import { describeAdjustment } from './adjustments.js';
import { backoffDelay, boundedByBudget } from './backoff.js';
import type { HistoryEntry } from './failure.js';
import { carryOver, initialPlan } from './plan.js';
import type { IterationPlan } from './plan.js';
import { decideNext } from './planner.js';
import type { Decision, PlannerSettings } from './planner.js';
import { finishReport, newReport, writeReport } from './report.js';
import type { CycleRecord, RunReport, StopReason } from './report.js';
import { retryLoop, StopRetrying } from './retry-loop.js';
import { runIteration } from './run-iteration.js';
import type { RunEnvironment } from './run-environment.js';

export interface CycleOptions {
  env: RunEnvironment;
  version: string;
  /** SIGINT/SIGTERM from the CLI. */
  signal: AbortSignal;
  /** Keep the services whatever the outcome (--keep-services). */
  keepServices?: boolean;
  /** Random source for backoff jitter (tests pin it). */
  random?: () => number;
}

/** Thrown out of an attempt so p-retry counts a failed iteration. */
class IterationFailed extends Error {
  constructor(readonly decision: Decision) {
    super(`iteration failed: ${decision.fingerprint}`);
  }
}

export async function runCycle(options: CycleOptions): Promise<RunReport> {
  const { env, signal } = options;
  const { config, logger, observer } = env;
  const startedAt = new Date();
  const t0 = performance.now();
  const logsDir = config.logs.dir;
  const reportFile = join(logsDir, `auto_cycle_report_${env.executionId}.json`);
  let report = newReport({
    executionId: env.executionId,
    project: env.project,
    configFile: config.file,
    version: options.version,
    startedAt,
    maxIterations: env.maxIterations,
    logFile: join(logsDir, `auto_cycle_${env.executionId}.log`),
    reportFile,
  });
  await writeReport(report);
  observer.runStarted({
    executionId: env.executionId,
    project: env.project,
    maxIterations: env.maxIterations,
    services: env.services.map((s) => s.name),
    reportFile,
  });

  // The time budget is a hard stop: it aborts the iteration in flight like a signal would.
  const budget = new AbortController();
  const budgetTimer = setTimeout(() => budget.abort(new AbortedError('budget')), config.loop.timeBudgetMs);
  budgetTimer.unref();
  const runSignal = AbortSignal.any([signal, budget.signal]);
  const remainingBudget = () => config.loop.timeBudgetMs - (performance.now() - t0);

  const settings: PlannerSettings = {
    growthFactor: config.adjustments.growthFactor,
    readinessTimeoutMaxMs: config.adjustments.readinessTimeoutMaxMs,
    orchestratorTimeoutMaxMs: config.adjustments.orchestratorTimeoutMaxMs,
    settleMaxMs: config.adjustments.settleMaxMs,
    memoryMaxBytes: config.adjustments.memoryMaxBytes,
    stepTimeoutFactorMax: 8,
    classPolicy: config.classes,
  };
  let plan: IterationPlan = initialPlan(config, env.services);
  let backoffs = 0;
  const history: HistoryEntry[] = [];
  let stopReason: StopReason = 'max_iterations';
  let diagnosis: string | null = null;

  const record = async (cycle: CycleRecord) => {
    report = { ...report, cycles: [...report.cycles, cycle], iterations_executed: report.cycles.length + 1 };
    await writeReport(report);
    observer.iterationFinished(cycle);
  };

  try {
    await retryLoop(
      async (iteration) => {
        const iterationLogger = logger.child({ iteration });
        iterationLogger.info(`iteration ${iteration} of ${env.maxIterations} started`);
        observer.iterationStarted(iteration, env.maxIterations);
        const orchestratorLog = join(logsDir, `orchestrator_iteration_${iteration}_${env.executionId}.log`);
        const { verdict, record: cycle } = await runIteration({ env, iteration, plan, signal: runSignal, orchestratorLog });

        if (verdict.kind === 'success') {
          await record(cycle);
          stopReason = 'success';
          iterationLogger.info(`iteration ${iteration} succeeded`);
          return;
        }
        if (verdict.kind === 'aborted') {
          await record(cycle);
          throw new StopRetrying(verdict.error);
        }
        const decision: Decision =
          verdict.kind === 'stop'
            ? { action: 'stop', stopReason: 'non_retryable', diagnosis: verdict.diagnosis, fingerprint: verdict.diagnosis }
            : // One-shot actions (recreate volumes, remove orphans) were for the iteration that just ran.
              decideNext({ facts: verdict.facts, plan: carryOver(plan), history, services: env.services, settings });
        history.push({
          iteration,
          fingerprint: decision.fingerprint,
          primary: verdict.facts.classification.primary ?? 'unknown',
          adjustments: decision.action === 'retry' ? decision.adjustments : [],
        });

        if (decision.action === 'retry') {
          const described = decision.adjustments.filter((a) => a.kind !== 'retry').map(describeAdjustment);
          await record({ ...cycle, adjustments: described, adjustments_count: described.length, adjustment_details: decision.adjustments });
          iterationLogger.info(`iteration ${iteration} failed: ${cycle.primary_class}`, { adjustments: described });
          plan = decision.plan;
          throw new IterationFailed(decision);
        }
        await record({ ...cycle, diagnosis: decision.diagnosis });
        iterationLogger.info(`stopping: ${decision.stopReason}: ${decision.diagnosis}`);
        stopReason = decision.stopReason;
        diagnosis = decision.diagnosis;
        throw new StopRetrying(decision);
      },
      {
        attempts: env.maxIterations,
        signal: runSignal,
        onFailure: async (error, attemptNumber) => {
          // Backing off gives a transient condition time to clear. When the planner changed what
          // the next iteration does (fresh volumes, a longer deadline, more memory), waiting adds
          // nothing: the change is the remedy. Plain retries back off, exponentially.
          const adjusted =
            error instanceof IterationFailed &&
            error.decision.action === 'retry' &&
            error.decision.adjustments.every((a) => a.kind !== 'retry');
          const skip = adjusted && config.loop.backoff.skipWhenAdjusted;
          if (!skip) backoffs += 1;
          const wait = skip ? 0 : boundedByBudget(backoffDelay(backoffs, config.loop.backoff, options.random), remainingBudget());
          observer.backoffStarted(attemptNumber, wait);
          logger.debug(
            skip
              ? `no backoff before iteration ${attemptNumber + 1}: it runs with the adjustments`
              : `backing off ${wait}ms before iteration ${attemptNumber + 1}`,
          );
          const t = performance.now();
          await sleep(wait, runSignal);
          const last = report.cycles[report.cycles.length - 1];
          if (last) {
            last.phases.backoff = Math.round(performance.now() - t) / 1000;
            await writeReport(report);
          }
          if (remainingBudget() <= 0) throw new AbortedError('budget');
        },
      },
    );
  } catch (error) {
    const reason = error instanceof StopRetrying ? error.reason : error;
    if ((stopReason as StopReason) === 'success') {
      // p-retry re-checks the signal after a successful attempt: a signal that lands just then does not undo green.
    } else if (reason instanceof AbortedError || runSignal.aborted) {
      const aborted = reason instanceof AbortedError ? reason : (runSignal.reason as AbortedError);
      stopReason = aborted.reason === 'budget' ? 'budget' : 'aborted';
      diagnosis =
        aborted.reason === 'budget'
          ? `the time budget of ${Math.round(config.loop.timeBudgetMs / 1000)}s ran out`
          : `stopped by ${aborted.signal ?? 'a signal'}`;
    } else if (error instanceof IterationFailed) {
      stopReason = 'max_iterations';
      diagnosis = `the stack did not come up green in ${env.maxIterations} iteration(s); last failure: ${report.cycles[report.cycles.length - 1]?.errors[0] ?? 'unknown'}`;
    } else if (!(error instanceof StopRetrying)) {
      throw error;
    }
  } finally {
    clearTimeout(budgetTimer);
  }

  await finalTeardown(env, stopReason, options.keepServices ?? false);
  report = finishReport(report, new Date(), stopReason, diagnosis);
  await writeReport(report);
  observer.runFinished(report);
  logger.info(`run finished: ${stopReason}`, { report: reportFile });
  return report;
}

/** Leave the services as configured: kept by default after success/failure, removed after an abort. */
async function finalTeardown(env: RunEnvironment, stopReason: StopReason, keepServices: boolean): Promise<void> {
  const { cleanup } = env.config;
  const policy = stopReason === 'success' ? cleanup.onSuccess : stopReason === 'aborted' ? cleanup.onAbort : cleanup.onFailure;
  if (keepServices || policy === 'keep' || env.services.length === 0) return;
  try {
    await env.stack.down({ removeVolumes: false });
    env.logger.info('services removed', { policy, stopReason });
  } catch (error) {
    env.observer.warning(`could not remove the services: ${errorMessage(error)}`);
  }
}
