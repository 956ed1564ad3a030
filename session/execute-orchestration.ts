/**
 * One `orchestrate` of a planned execution, for `etl-cycle orchestrate` and for the agent's
 * in-process orchestrator alike: a windowed workflow's windows (planned under the project lock
 * the caller holds, each its own orchestration recorded in the ledger), otherwise one
 * orchestration. Resolves with the exit code `etl-cycle orchestrate` ends with.
 */
import type { EtlCycleConfig } from '../config/types.js';
import { EXIT_FAILURE, EXIT_SIGINT, EXIT_SIGTERM, EXIT_SUCCESS } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { StackOperations } from '../docker/types.js';
import type { ExecutionPlan } from '../orchestrator/plan-execution.js';
import type { OrchestratorEnvSettings } from '../orchestrator/read-orchestrator-env.js';
import { runOrchestration } from '../orchestrator/run-orchestration.js';
import type { OrchestrationReport, OutputSink } from '../orchestrator/types.js';
import { prepareWindows } from './windows/prepare-windows.js';
import { runWindows } from './windows/run-windows.js';

export interface ExecuteOrchestrationOptions {
  /** Its logs.dir is where the reports and task logs go. */
  config: EtlCycleConfig;
  plan: ExecutionPlan;
  project: string;
  executionId: string;
  env: OrchestratorEnvSettings;
  /** `--mode`, `--window` of a windowed workflow. */
  windows: { mode?: string; window?: string };
  /** The environment the tasks inherit. */
  processEnv: Readonly<Record<string, string | undefined>>;
  sink: OutputSink;
  signal: AbortSignal;
  logger: Logger;
  /** Connected when the first exec task needs it. */
  stack(): Promise<StackOperations>;
}

export async function executeOrchestration(options: ExecuteOrchestrationOptions): Promise<number> {
  const { config, plan, logger } = options;
  // Planned under the project lock: a window run still `running` now was left by a process that died.
  const windowed = await prepareWindows(
    options.windows,
    config,
    plan,
    options.project,
    options.env.parentExecutionId,
    (w) => logger.warn(w),
    true,
  );
  const orchestrateOnce = async (id: string, variables: Record<string, string>) =>
    (
      await runOrchestration({
        config,
        plan,
        project: options.project,
        executionId: id,
        env: options.env,
        processEnv: { ...options.processEnv, ...variables },
        sink: options.sink,
        signal: options.signal,
        logger,
        stack: options.stack,
      })
    ).report;
  try {
    if (!windowed) return exitCodeOf(await orchestrateOnce(options.executionId, {}));
    const result = await runWindows({
      store: windowed.store!,
      project: options.project,
      workflow: plan.workflow!.name,
      plan: windowed.plan,
      executionId: options.executionId,
      parentExecutionId: options.env.parentExecutionId ?? null,
      sink: options.sink,
      signal: options.signal,
      orchestrate: orchestrateOnce,
    });
    const last = result.reports.at(-1);
    if (last && last.stop_reason === 'aborted') return exitCodeOf(last);
    return result.failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
  } finally {
    await windowed?.close();
  }
}

function exitCodeOf(report: OrchestrationReport): number {
  if (report.stop_reason === 'aborted') return report.signal === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT;
  return report.success ? EXIT_SUCCESS : EXIT_FAILURE;
}
