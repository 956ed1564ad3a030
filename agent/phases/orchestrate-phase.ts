/**
 * Step 4: run the orchestrator, streaming its output at once to the console (observer), its
 * log file (capped at logs.max_size) and the classifier. The classifier reads the lines as
 * printed; the console and the log get them with secrets masked (the observer and the log
 * writer mask, see core/secret-masker.ts). The plan reaches it through ETL_CYCLE_* variables, so an
 * orchestrator (the built-in one, or a user's script) can scale its own step timeouts and
 * worker count when the agent asks. The built-in orchestrator runs under an execution id the
 * agent picks, so its report can be read back (which tasks were green) and, when the planner
 * says so, resumed by the next iteration (`orchestrate --resume`).
 */
import { access, rm } from 'node:fs/promises';
import { readMetricsFile } from '../../core/read-metrics-file.js';
import type { MetricTotals } from '../../core/row-metrics.js';
import { AGENT_VARIABLES as V } from '../../core/agent-variables.js';
import { newExecutionId } from '../../core/execution-id.js';
import { runProcess } from '../../process/run-process.js';
import type { ProcessResult } from '../../process/types.js';
import type { StreamClassifier, SuspiciousSuccess } from '../../patterns/types.js';
import { LineTasks } from '../attribute-task.js';
import { orchestrationReportFile, readOrchestrationSummary } from '../orchestration-summary.js';
import type { OrchestrationSummary } from '../orchestration-summary.js';
import type { IterationPlan } from '../plan.js';
import type { RunEnvironment } from '../run-environment.js';

export const ORCHESTRATOR_SOURCE = 'orchestrator';

export function orchestratorEnv(env: RunEnvironment, plan: IterationPlan, iteration: number): Record<string, string> {
  return {
    ...env.config.orchestrator.env,
    [V.marker]: '1',
    [V.executionId]: env.executionId,
    [V.project]: env.project,
    [V.iteration]: String(iteration),
    [V.maxIterations]: String(env.maxIterations),
    [V.timeoutFactor]: String(plan.stepTimeoutFactor),
    [V.recreatedVolumes]: plan.recreateVolumes ? '1' : '0',
    [V.logDir]: env.config.logs.dir,
    ...(plan.maxWorkers === undefined ? {} : { [V.maxWorkers]: String(plan.maxWorkers) }),
  };
}

export interface OrchestrateOutcome {
  result: ProcessResult;
  /** The built-in orchestrator's task behind each classified line (empty for other orchestrators). */
  lineTasks: LineTasks;
  /** The built-in orchestrator's execution, from its report (undefined for other orchestrators, or when it left none). */
  orchestration?: OrchestrationSummary;
  /** Set when the orchestrator exited 0 but its output ends in a fatal error (an ERROR line, a traceback as the last thing). */
  suspiciousSuccess?: SuspiciousSuccess;
  /** What an orchestrator command appended to ETL_CYCLE_METRICS_FILE, summed (the built-in one's tasks report theirs). */
  metrics?: MetricTotals | null;
}

/** The orchestrator command's metrics file: next to its log, one per iteration. */
export function orchestratorMetricsFile(logFile: string): string {
  return `${logFile.replace(/\.log$/, '')}.metrics.jsonl`;
}

export async function runOrchestratePhase(
  env: RunEnvironment,
  plan: IterationPlan,
  iteration: number,
  logFile: string,
  classifier: StreamClassifier,
  signal: AbortSignal,
): Promise<OrchestrateOutcome> {
  let sawOutput = false;
  const lineTasks = new LineTasks();
  // Only the built-in orchestrator's `[task] ` prefix means a task; "[INFO] " from Maven does not.
  const builtin = env.config.orchestrator.workflow !== undefined;
  const orchestrationId = builtin ? newExecutionId() : undefined;
  const write = (text: string) => classifier.write(ORCHESTRATOR_SOURCE, `${text}\n`);
  const metricsFile = orchestratorMetricsFile(logFile);
  await rm(metricsFile, { force: true });
  const result = await runProcess({
    command: builtin ? await builtinCommand(env, plan) : env.orchestratorCommand,
    cwd: env.config.orchestrator.cwd,
    env: {
      ...orchestratorEnv(env, plan, iteration),
      ...(orchestrationId ? { [V.orchestrationId]: orchestrationId } : { [V.metricsFile]: metricsFile }),
    },
    timeoutMs: plan.orchestratorTimeoutMs,
    killGraceMs: env.config.orchestrator.killGraceMs,
    signal,
    logFile,
    onSpawn: (pid) => env.observer.orchestratorStarted(iteration, pid),
    logMaxBytes: env.config.logs.maxBytes,
    // Whole lines, not raw chunks: stdout and stderr chunks may interleave mid-line.
    onLine: (stream, line) => {
      sawOutput = true;
      if (builtin) write(lineTasks.next(line));
      else {
        lineTasks.skip();
        write(line);
      }
      env.observer.orchestratorLine(stream, line);
    },
  });
  if (result.spawnError && !sawOutput) write(result.spawnError);
  if (result.timedOut) {
    // The orchestrator printed nothing about our kill: say it where the classifier reads.
    write(`etl-cycle: orchestrator timed out after ${Math.round(plan.orchestratorTimeoutMs / 1000)}s and was killed`);
  }
  // The exit code tells the classifier how the run ended (outcome awareness: recovered retries, suspicious successes).
  classifier.end(ORCHESTRATOR_SOURCE, { exitCode: result.timedOut ? null : result.exitCode });
  const suspiciousSuccess = result.success ? classifier.result({ failed: false }).suspiciousSuccess : undefined;
  const orchestration = orchestrationId ? await readOrchestrationSummary(env.config.logs.dir, orchestrationId) : undefined;
  const metrics = builtin ? undefined : await readOrchestratorMetrics(env, metricsFile);
  return { result, lineTasks, orchestration, ...(suspiciousSuccess ? { suspiciousSuccess } : {}), ...(metrics ? { metrics } : {}) };
}

async function readOrchestratorMetrics(env: RunEnvironment, file: string): Promise<MetricTotals | null> {
  const read = await readMetricsFile(file);
  if (read.error) env.observer.warning(`orchestrator metrics: ${read.error}`);
  for (const warning of read.warnings) env.observer.warning(`orchestrator metrics: ${file} line ${warning.line}: ${warning.message}`);
  return read.totals;
}

/** `etl-cycle orchestrate --workflow ...`, resuming the execution the plan names when its report is there to resume. */
async function builtinCommand(env: RunEnvironment, plan: IterationPlan): Promise<readonly string[] | string> {
  const command = env.orchestratorCommand;
  if (plan.resumeFrom === undefined || typeof command === 'string') return command;
  try {
    await access(orchestrationReportFile(env.config.logs.dir, plan.resumeFrom));
  } catch {
    env.observer.warning(`cannot resume orchestration ${plan.resumeFrom}: its report is gone; running the whole workflow`);
    return command;
  }
  return [...command, '--resume', plan.resumeFrom];
}
