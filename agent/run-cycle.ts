/**
 * The self-healing loop of a prepared run (prepare-run.ts): iterate until the stack is green, a
 * failure retrying cannot fix, the same failure stuck at its bounds, the iteration limit, the
 * time budget or a signal. This file only wires the run's environment to the driver
 * (drive-cycle.ts) and the real effects (real-cycle-effects.ts).
 */
import { join } from 'node:path';
import { driveCycle } from './drive-cycle.js';
import type { CycleSettings } from './drive-cycle.js';
import { initialPlan } from './plan.js';
import type { PlannerSettings } from './planner.js';
import { createCycleEffects } from './real-cycle-effects.js';
import type { RunReport } from './report.js';
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

/** Upper bound of ETL_CYCLE_TIMEOUT_FACTOR: eight times the step timeouts the user wrote. */
const STEP_TIMEOUT_FACTOR_MAX = 8;

export async function runCycle(options: CycleOptions): Promise<RunReport> {
  const { env } = options;
  return driveCycle({
    settings: cycleSettings(env, options.version),
    effects: createCycleEffects(env, { keepServices: options.keepServices ?? false }),
    observer: env.observer,
    logger: env.logger,
    signal: options.signal,
    random: options.random,
  });
}

export function cycleSettings(env: RunEnvironment, version: string): CycleSettings {
  const { config } = env;
  return {
    executionId: env.executionId,
    project: env.project,
    configFile: config.file,
    version,
    maxIterations: env.maxIterations,
    timeBudgetMs: config.loop.timeBudgetMs,
    backoff: config.loop.backoff,
    planner: plannerSettings(env),
    services: env.services,
    initialPlan: initialPlan(config, env.services),
    logFile: join(config.logs.dir, `auto_cycle_${env.executionId}.log`),
    reportFile: join(config.logs.dir, `auto_cycle_report_${env.executionId}.json`),
    ...(env.engine ? { engine: env.engine } : {}),
  };
}

function plannerSettings(env: RunEnvironment): PlannerSettings {
  const { adjustments, classes } = env.config;
  return {
    growthFactor: adjustments.growthFactor,
    readinessTimeoutMaxMs: adjustments.readinessTimeoutMaxMs,
    orchestratorTimeoutMaxMs: adjustments.orchestratorTimeoutMaxMs,
    settleMaxMs: adjustments.settleMaxMs,
    memoryMaxBytes: adjustments.memoryMaxBytes,
    stepTimeoutFactorMax: STEP_TIMEOUT_FACTOR_MAX,
    classPolicy: classes,
    resume: {
      mode: env.config.orchestrator.resume,
      builtinOrchestrator: env.config.orchestrator.workflow !== undefined,
      freshVolumes: env.config.cleanup.freshVolumes,
      tasks: env.config.tasks.map((t) => ({ id: t.id, dependsOn: t.dependsOn, resume: t.resume })),
    },
  };
}
