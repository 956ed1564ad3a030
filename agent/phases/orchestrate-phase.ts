/**
 * Step 4: run the orchestrator, streaming its output at once to the console (observer), its
 * log file (capped at logs.max_size) and the classifier. The classifier reads the lines as
 * printed; the console and the log get them with secrets masked (the observer and the log
 * writer mask, see core/secret-masker.ts). The plan reaches it through ETL_CYCLE_* variables, so an
 * orchestrator (the built-in one, or a user's script) can scale its own step timeouts and
 * worker count when the agent asks. The built-in orchestrator runs under an execution id the
 * agent picks, so its report can be read back (which tasks were green) and, when the planner
 * says so, resumed by the next iteration. It runs inside this process (agent/builtin-orchestrator.ts):
 * the same lines, log file, timeout and report as `etl-cycle orchestrate` would give, without a
 * second Node.js start-up per iteration.
 */
import { access, rm } from 'node:fs/promises';
import { readMetricsFile } from '../../core/read-metrics-file.js';
import type { MetricTotals } from '../../core/row-metrics.js';
import { AGENT_VARIABLES as V } from '../../core/agent-variables.js';
import { newExecutionId } from '../../core/execution-id.js';
import { isEtlCycleError } from '../../core/errors.js';
import { runInProcess } from '../../process/run-in-process.js';
import { runProcess } from '../../process/run-process.js';
import type { ProcessResult } from '../../process/types.js';
import type { StreamClassifier, SuspiciousSuccess } from '../../patterns/types.js';
import { LineTasks } from '../attribute-task.js';
import type { BuiltinOrchestrationRequest, BuiltinOrchestrator } from '../builtin-orchestrator.js';
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
  const runner = env.orchestrator;
  const builtin = runner.kind === 'builtin';
  const orchestrationId = builtin ? newExecutionId() : undefined;
  const write = (text: string) => classifier.write(ORCHESTRATOR_SOURCE, `${text}\n`);
  const metricsFile = orchestratorMetricsFile(logFile);
  await rm(metricsFile, { force: true });
  // Whole lines, not raw chunks: stdout and stderr chunks may interleave mid-line.
  const onLine = (stream: 'stdout' | 'stderr', line: string): void => {
    sawOutput = true;
    if (builtin) write(lineTasks.next(line));
    else {
      lineTasks.skip();
      write(line);
    }
    env.observer.orchestratorLine(stream, line);
  };
  const variables = {
    ...orchestratorEnv(env, plan, iteration),
    ...(orchestrationId ? { [V.orchestrationId]: orchestrationId } : { [V.metricsFile]: metricsFile }),
  };
  const common = { timeoutMs: plan.orchestratorTimeoutMs, signal, logFile, logMaxBytes: env.config.logs.maxBytes, onLine };
  const result =
    runner.kind === 'builtin'
      ? await runInProcess({
          ...common,
          commandLine: `etl-cycle orchestrate --workflow ${runner.workflow} (in process)`,
          run: async (print, stopped) => {
            const resumeFrom = await resumableFrom(env, plan);
            return runBuiltin(runner.run, {
              executionId: orchestrationId!,
              variables,
              print,
              signal: stopped,
              stack: env.stack,
              ...(resumeFrom ? { resumeFrom } : {}),
            });
          },
        })
      : await runProcess({
          ...common,
          command: runner.command,
          cwd: env.config.orchestrator.cwd,
          env: variables,
          killGraceMs: env.config.orchestrator.killGraceMs,
          onSpawn: (pid) => env.observer.orchestratorStarted(iteration, pid),
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

/**
 * The built-in orchestrator in this process. Bad input it meets (a report it cannot read, a
 * window it refuses) ends it as it would end `etl-cycle orchestrate`: the message printed where
 * the classifier reads, and the exit code. Anything else is a bug and escapes at once.
 */
async function runBuiltin(orchestrator: BuiltinOrchestrator, request: BuiltinOrchestrationRequest): Promise<number> {
  try {
    return await orchestrator(request);
  } catch (error) {
    if (!isEtlCycleError(error)) throw error;
    request.print('stderr', `etl-cycle: ${error.message}`);
    if (error.hint) request.print('stderr', `  hint: ${error.hint}`);
    return error.exitCode;
  }
}

/** The execution the plan resumes, when its report is there to resume; otherwise the whole workflow runs. */
async function resumableFrom(env: RunEnvironment, plan: IterationPlan): Promise<string | undefined> {
  if (plan.resumeFrom === undefined) return undefined;
  try {
    await access(orchestrationReportFile(env.config.logs.dir, plan.resumeFrom));
    return plan.resumeFrom;
  } catch {
    env.observer.warning(`cannot resume orchestration ${plan.resumeFrom}: its report is gone; running the whole workflow`);
    return undefined;
  }
}
