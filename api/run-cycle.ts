/**
 * `runCycle()`: the self-healing loop from code, as `etl-cycle run` does it — load etl-cycle.yaml
 * (and its Compose file), rebuild, orchestrate, classify, adjust and retry until green or a
 * stop — and resolve with the run's report. Nothing is printed: pass an observer to follow the
 * run. The JSON log and the report are written to the logs folder as for the CLI.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AgentObserver } from '../agent/observer.js';
import { prepareRun } from '../agent/prepare-run.js';
import type { RunReport } from '../agent/report.js';
import { runCycle as runAgentCycle } from '../agent/run-cycle.js';
import type { EtlCycleConfig } from '../config/types.js';
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import { newExecutionId } from '../core/execution-id.js';
import { createLogger } from '../core/logger.js';
import { maskSecretsDeep } from '../core/secret-masker.js';
import { readVersion } from '../core/package-info.js';
import { checkTasks } from '../orchestrator/check-tasks.js';
import { openConfig, projectOf } from '../project/open-project.js';
import { protectSecrets } from '../project/protect-secrets.js';
import { recordRun } from '../session/record-run.js';
import { createBuiltinOrchestrator } from '../session/builtin-orchestrator.js';
import { checkWindowMode } from '../session/check-window-mode.js';

export type Trigger = 'manual' | 'ci' | 'hook' | 'schedule' | 'api';

export type GitMode = 'ref' | 'commit' | 'push' | 'off';

export interface RunCycleOptions {
  /** Folder to find etl-cycle.yaml in and resolve relative paths against (default: process.cwd()). */
  cwd?: string;
  /** Path of etl-cycle.yaml (default: etl-cycle.yaml or .yml in `cwd`). */
  config?: string;
  /** Overrides loop.max_iterations. */
  maxIterations?: number;
  /** Overrides loop.time_budget: a duration such as "20m", or milliseconds. */
  timeBudget?: string | number;
  /** Overrides git.mode. */
  git?: GitMode;
  /** Overrides logs.dir. */
  logDir?: string;
  /** Leave the services running whatever the outcome. */
  keepServices?: boolean;
  /** Aborting stops the run as Ctrl-C does: the orchestrator is killed, the report says `aborted`. */
  signal?: AbortSignal;
  /** Called as the run progresses (iterations, phases, services, orchestrator lines, outcome). */
  observer?: AgentObserver;
  /** Treat the run as a CI run (no pushes in git.mode push). Default: false. */
  ci?: boolean;
  /** What started the run, as the ledger records it (etl-cycle history). Default: `api`. */
  trigger?: Trigger;
  /**
   * A windowed workflow of the built-in orchestrator (docs/data.md): `incremental` runs the next
   * window, `full` first recovers the oldest gaps. As `etl-cycle run --mode`.
   */
  mode?: 'incremental' | 'full';
}

/**
 * Runs the loop and resolves with the report (also when the stack never came up green: check
 * `overall_success` and `stop_reason`). Rejects with an EtlCycleError (`code`, `exitCode`) for
 * bad configuration, an unreachable engine and the like.
 */
export async function runCycle(options: RunCycleOptions = {}): Promise<RunReport> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const config = await openConfig({ cwd, configPath: options.config, override: (loaded) => applyOptions(loaded, options, cwd) });
  const mode = checkWindowMode(options.mode, config, 'mode');
  const executionId = newExecutionId();
  await mkdir(config.logs.dir, { recursive: true });
  const logger = createLogger({ consoleLevel: false, jsonFile: join(config.logs.dir, `auto_cycle_${executionId}.log`) });
  try {
    const project = await projectOf(config, (warning) => options.observer?.warning?.(warning));
    // As for the CLI: from here on the logs, the report and the observer's lines mask the project's secrets.
    const secrets = await protectSecrets(project, process.env);
    secrets.warnings.forEach((warning) => options.observer?.warning?.(warning));
    checkTasks(config, project.model);
    // As `etl-cycle run`: under the project lock (a second run on the project is refused with an
    // EtlCycleError, code E_LOCKED) and recorded in the project's ledger (etl-cycle history).
    const { report, ledgerFailure } = await recordRun({
      project,
      executionId,
      reportFile: join(config.logs.dir, `auto_cycle_report_${executionId}.json`),
      trigger: options.trigger ?? 'api',
      orchestrationLogsDirs: config.orchestrator.workflow === undefined ? [] : [config.logs.dir],
      warn: (warning) => options.observer?.warning?.(warning),
      logger,
      run: async ({ observer, learnedDeadlines }) => {
        const env = await prepareRun({
          project,
          executionId,
          logger,
          observer: observer(options.observer ?? {}),
          ci: options.ci ?? false,
          builtinOrchestrator: createBuiltinOrchestrator({ project, logger, mode }),
          learnedDeadlines,
        });
        return runAgentCycle({
          env,
          version: readVersion(),
          signal: options.signal ?? new AbortController().signal,
          keepServices: options.keepServices ?? false,
        });
      },
    });
    // history.required: a green run whose ledger entry is incomplete is a failure, as for the CLI.
    if (ledgerFailure && config.history.required && report.overall_success) throw ledgerFailure;
    return maskSecretsDeep(report);
  } finally {
    await logger.close();
  }
}

const GIT_MODES: readonly GitMode[] = ['ref', 'commit', 'push', 'off'];

function applyOptions(config: EtlCycleConfig, options: RunCycleOptions, cwd: string): EtlCycleConfig {
  const next: EtlCycleConfig = { ...config, loop: { ...config.loop }, git: { ...config.git }, logs: { ...config.logs } };
  if (options.maxIterations !== undefined) {
    if (!Number.isInteger(options.maxIterations) || options.maxIterations < 1)
      throw new UsageError(`maxIterations: expected a whole number of at least 1, got ${JSON.stringify(options.maxIterations)}`);
    next.loop.maxIterations = options.maxIterations;
  }
  if (options.timeBudget !== undefined) {
    const ms = typeof options.timeBudget === 'number' ? options.timeBudget : parseDuration(options.timeBudget);
    if (ms === undefined || !(ms > 0))
      throw new UsageError(`timeBudget: expected a duration such as "30m" or milliseconds, got ${JSON.stringify(options.timeBudget)}`);
    next.loop.timeBudgetMs = ms;
  }
  if (options.git !== undefined) {
    if (!GIT_MODES.includes(options.git))
      throw new UsageError(`git: expected one of ${GIT_MODES.join(', ')}, got ${JSON.stringify(options.git)}`);
    next.git.mode = options.git;
  }
  if (options.logDir !== undefined) next.logs.dir = resolve(cwd, options.logDir);
  return next;
}
