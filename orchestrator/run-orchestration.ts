/**
 * One execution of the built-in orchestrator: runs a plan's tasks (scheduleTasks decides when,
 * runTask how), prints start and finish lines with every task line prefixed by its id, keeps
 * the report on disk current, and returns it. Never throws for a failing task; only for a logs
 * folder it cannot write.
 */
import { mkdir } from 'node:fs/promises';
import { formatDuration } from '../core/duration.js';
import { ConfigError, AbortedError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { EtlCycleConfig } from '../config/types.js';
import type { StackOperations } from '../docker/types.js';
import type { ExecutionPlan } from './plan-execution.js';
import type { OrchestratorEnvSettings } from './read-orchestrator-env.js';
import { createReport, finishOrchestrationReport, markStarted, recordRun, recordSkip } from './report.js';
import { reportFileOf, taskLogDirOf } from './report-paths.js';
import { ReportWriter } from './report-writer.js';
import { runTask } from './run-task.js';
import { scheduleTasks } from './schedule-tasks.js';
import type { AttemptOutcome, OrchestrationReport, OutputSink } from './types.js';

export interface RunOrchestrationOptions {
  config: EtlCycleConfig;
  plan: ExecutionPlan;
  project: string;
  executionId: string;
  env: OrchestratorEnvSettings;
  processEnv: Readonly<Record<string, string | undefined>>;
  sink: OutputSink;
  signal: AbortSignal;
  /** The project's stack, connected on first use: only exec tasks need an engine. */
  stack(): Promise<StackOperations>;
  logger: Logger;
}

export interface OrchestrationResult {
  report: OrchestrationReport;
  reportFile: string;
}

export async function runOrchestration(options: RunOrchestrationOptions): Promise<OrchestrationResult> {
  const { config, plan, sink, signal, logger } = options;
  const logDir = taskLogDirOf(config.logs.dir, options.executionId);
  try {
    await mkdir(logDir, { recursive: true });
  } catch (error) {
    throw new ConfigError(`logs.dir: cannot create ${logDir} (${errorMessage(error)}); point logs.dir at a writable folder`, {
      cause: error,
    });
  }
  const report = createReport({
    executionId: options.executionId,
    plan,
    config,
    project: options.project,
    env: options.env,
    startedAt: new Date(),
  });
  const writer = new ReportWriter(reportFileOf(config.logs.dir, options.executionId));
  const save = (): void => {
    writer.write(report).catch((error: unknown) => logger.warn(`cannot write ${writer.file}: ${errorMessage(error)}`));
  };
  save();

  sink.write('stdout', headline(plan, options.executionId));
  // Named after the execution it really ran in (a chain of resumes carries the first one along).
  for (const id of plan.resume?.succeeded ?? []) {
    sink.write('stdout', `✔ ${id}: succeeded in ${report.tasks[id]?.resumed_from ?? plan.resume!.executionId}, not run again`);
  }
  // Under the agent, SIGKILL follows its own grace period: tasks get half of it so that this
  // process has stopped their trees and written the report before that.
  const killGraceMs = Math.floor(config.orchestrator.killGraceMs / 2);
  const abortText = (): string => errorMessage(signal.reason ?? 'aborted');

  const byId = new Map(plan.tasks.map((task) => [task.id, task]));
  const result = await scheduleTasks({
    tasks: plan.tasks,
    maxWorkers: plan.maxWorkers,
    continueOnFailure: plan.continueOnFailure,
    carried: plan.resume?.succeeded,
    signal,
    run: async (id): Promise<AttemptOutcome> => {
      const run = await runTask({
        logMaxBytes: config.logs.maxBytes,
        task: byId.get(id)!,
        logDir,
        sink,
        timeoutFactor: plan.timeoutFactor,
        signal,
        processEnv: options.processEnv,
        killGraceMs,
        stack: options.stack,
        logger,
        onStart: (startedAt) => {
          markStarted(report, id, startedAt);
          save();
        },
      });
      recordRun(report, id, run, abortText());
      save();
      return { status: run.status, error: run.error };
    },
    onSkip: (id, reason) => {
      recordSkip(report, id, reason);
      sink.write('stdout', `⊘ ${id}: skipped: ${reason}`);
      save();
    },
  });

  const reason = signal.aborted ? signal.reason : undefined;
  finishOrchestrationReport(report, new Date(), result.stopReason, reason instanceof AbortedError ? (reason.signal ?? null) : null);
  try {
    await writer.write(report);
  } catch (error) {
    throw new ConfigError(
      `logs.dir: cannot write the report ${writer.file} (${errorMessage(error)}); point logs.dir at a writable folder`,
      { cause: error },
    );
  }
  sink.write('stdout', summaryLine(report));
  sink.write('stdout', `report: ${writer.file}`);
  return { report, reportFile: writer.file };
}

function headline(plan: ExecutionPlan, executionId: string): string {
  const what = plan.workflow ? `workflow ${plan.workflow.name}` : `tasks ${plan.requested.join(', ')}`;
  const how = plan.parallel ? `parallel, up to ${plan.maxWorkers} at once` : 'one at a time';
  const factor = plan.timeoutFactor === 1 ? '' : `, timeouts ×${plan.timeoutFactor}`;
  const resumed = plan.resume ? `, resuming ${plan.resume.executionId}` : '';
  return `orchestration ${executionId}: ${what} — ${plan.tasks.length} task(s), ${how}${factor}${resumed}`;
}

function summaryLine(report: OrchestrationReport): string {
  const { summary } = report;
  const counts = [
    `${summary.succeeded} succeeded`,
    `${summary.failed} failed`,
    ...(summary.timed_out ? [`${summary.timed_out} timed out`] : []),
    `${summary.skipped} skipped`,
  ];
  const verdict = report.stop_reason === 'aborted' ? `aborted by ${report.signal ?? 'a signal'}` : report.success ? 'succeeded' : 'failed';
  return `orchestration ${report.execution_id} ${verdict}: ${counts.join(', ')} in ${formatDuration((report.total_duration ?? 0) * 1000)}`;
}
