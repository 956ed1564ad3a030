/**
 * One task from start to finish: its log file, the start line, each attempt through the runner
 * of its action, the backoff between attempts, the finish line. It never throws: whatever goes
 * wrong (a variable that cannot expand, an unwritable log, a bug in a runner) ends the task as
 * failed with the reason, so the scheduler can apply its rules.
 */
import { join } from 'node:path';
import { formatDuration } from '../core/duration.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { retry, RetryableFailure } from '../core/retry.js';
import type { TaskConfig } from '../config/types.js';
import type { StackOperations } from '../docker/types.js';
import { describeRowCounts } from '../core/row-metrics.js';
import type { MetricTotals } from '../core/row-metrics.js';
import { resolveTaskVariables } from './expand-variables.js';
import { runGates } from './run-gates.js';
import type { GateVerdict } from './run-gates.js';
import { clearMetricsFile, metricsFileOf, readMetricsFile } from './task-metrics.js';
import type { AttemptContext } from './runners/attempt-context.js';
import { runCommandTask } from './runners/run-command-task.js';
import { runExecTask } from './runners/run-exec-task.js';
import { runHttpTask } from './runners/run-http-task.js';
import { TaskOutput } from './task-output.js';
import type { AttemptOutcome, OutputSink, TaskRun } from './types.js';

export interface RunTaskOptions {
  /** Cap of the task's log file (logs.max_size): head and tail are kept. */
  logMaxBytes?: number;
  task: TaskConfig;
  /** Folder of this execution's task logs (<logs.dir>/tasks/<execution_id>). */
  logDir: string;
  sink: OutputSink;
  timeoutFactor: number;
  signal: AbortSignal;
  processEnv: Readonly<Record<string, string | undefined>>;
  killGraceMs: number;
  stack(): Promise<StackOperations>;
  logger: Logger;
  /** The task has started (its first attempt is about to run). */
  onStart?(startedAt: Date): void;
}

export async function runTask(options: RunTaskOptions): Promise<TaskRun> {
  const { task, sink } = options;
  const logFile = join(options.logDir, `${task.id}.log`);
  const startedAt = new Date();
  options.onStart?.(startedAt);
  sink.write('stdout', `▶ ${task.id}${task.name === task.id ? '' : ` — ${task.name}`}`);
  let output: TaskOutput;
  try {
    output = await TaskOutput.open(task.id, logFile, sink, options.logMaxBytes);
  } catch (error) {
    return finish(options, {
      status: 'failed',
      error: errorMessage(error),
      attempts: 0,
      startedAt,
      endedAt: new Date(),
      output: '',
      logFile,
      metrics: null,
    });
  }

  const attempts = task.retries.count + 1;
  const timeoutMs = task.timeoutMs * options.timeoutFactor;
  const outcome = await runAttempts(options, output, attempts, timeoutMs);
  // The attempt that decided the task is the one whose counts stand (a failed attempt's partial counts do not add up).
  const metricsFile = metricsFileOf(options.logDir, task.id, Math.max(1, outcome.attempts));
  const metrics = outcome.attempts > 0 ? await readTaskMetrics(task.id, metricsFile, output) : null;
  const verdict = outcome.status === 'succeeded' ? await checkGates(options, output, metrics, metricsFile, timeoutMs) : undefined;
  await output.close();
  const rejected = verdict !== undefined && 'reason' in verdict ? verdict.reason : undefined;
  return finish(options, {
    status: rejected !== undefined ? 'failed' : verdict !== undefined && 'aborted' in verdict ? 'aborted' : outcome.status,
    error: rejected !== undefined ? `${task.id}: ${rejected}` : verdict !== undefined && 'aborted' in verdict ? 'aborted' : outcome.error,
    ...(rejected !== undefined ? { errorClass: 'data_rejected' as const } : {}),
    attempts: outcome.attempts,
    startedAt,
    endedAt: new Date(),
    output: output.tail(),
    logFile,
    metrics,
  });
}

/** Sums the attempt's metrics lines; every skipped line is a warning in the task's output, never a failure. */
async function readTaskMetrics(taskId: string, file: string, output: TaskOutput): Promise<MetricTotals | null> {
  const read = await readMetricsFile(file);
  if (read.error) output.line('stderr', `etl-cycle: warning: task ${taskId}: ${read.error}`);
  for (const warning of read.warnings)
    output.line('stderr', `etl-cycle: warning: task ${taskId}: ${file} line ${warning.line}: ${warning.message}`);
  return read.totals;
}

/** The task's validate gates; undefined when it has none. A rejection is printed where the classifier reads it. */
async function checkGates(
  options: RunTaskOptions,
  output: TaskOutput,
  totals: MetricTotals | null,
  metricsFile: string,
  timeoutMs: number,
): Promise<GateVerdict | undefined> {
  const { task } = options;
  if (task.validate === undefined) return undefined;
  try {
    const variables = resolveTaskVariables(task, options.processEnv, () => undefined);
    const verdict = await runGates({
      task,
      gates: task.validate,
      totals,
      metricsFile,
      env: { ...definedValues(options.processEnv), ...variables.env },
      output,
      timeoutMs,
      killGraceMs: options.killGraceMs,
      signal: options.signal,
    });
    if ('reason' in verdict) output.line('stderr', `etl-cycle: data rejected: ${task.id}: ${verdict.reason}`);
    return verdict;
  } catch (error) {
    const reason = `validate: ${errorMessage(error)}`;
    output.line('stderr', `etl-cycle: data rejected: ${task.id}: ${reason}`);
    return { accepted: false, reason };
  }
}

function definedValues(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * The attempts of a task through the one retry engine (core/retry.ts): a failed or timed-out
 * attempt is retried after the task's backoff; success and an abort end it.
 */
async function runAttempts(
  options: RunTaskOptions,
  output: TaskOutput,
  attempts: number,
  timeoutMs: number,
): Promise<AttemptOutcome & { attempts: number }> {
  const { task, sink, signal } = options;
  let last: (AttemptOutcome & { attempts: number }) | undefined;
  try {
    return await retry(
      async (attempt) => {
        output.logOnly(
          `--- etl-cycle: ${task.id} attempt ${attempt}/${attempts} at ${new Date().toISOString()} (timeout ${formatDuration(timeoutMs)})`,
        );
        const outcome = await runAttempt(options, output, attempt, timeoutMs);
        options.logger.debug('task attempt ended', { task: task.id, attempt, status: outcome.status, error: outcome.error });
        last = { ...outcome, attempts: attempt };
        if (outcome.status === 'succeeded' || outcome.status === 'aborted') return last;
        throw new RetryableFailure(outcome.error ?? outcome.status, last);
      },
      {
        attempts,
        delay: task.retries,
        signal,
        onRetry: ({ failure, attempt, delayMs }) =>
          sink.write('stdout', `↻ ${task.id}: ${failure.message}; attempt ${attempt + 1}/${attempts} in ${formatDuration(delayMs)}`),
      },
    );
  } catch (error) {
    // p-retry checks the signal once more after an attempt returned: that outcome stands.
    if (last && (last.status === 'succeeded' || last.status === 'aborted')) return last;
    // A signal during the wait ends the task as aborted.
    if (signal.aborted) return { status: 'aborted', error: 'aborted', attempts: last?.attempts ?? 0 };
    // The attempts ran out: the task ends as its last attempt did.
    if (error instanceof RetryableFailure && last) return last;
    throw error;
  }
}

async function runAttempt(options: RunTaskOptions, output: TaskOutput, attempt: number, timeoutMs: number): Promise<AttemptOutcome> {
  const { task, signal } = options;
  try {
    const variables = resolveTaskVariables(task, options.processEnv, (variable, field) => {
      output.line('stderr', `etl-cycle: tasks.${task.id}.${field}: variable ${variable} is not set; using an empty string`);
    });
    const metricsFile = metricsFileOf(options.logDir, task.id, attempt);
    await clearMetricsFile(metricsFile);
    const ctx: AttemptContext = {
      task,
      attempt,
      metricsFile,
      timeoutMs,
      signal,
      output,
      variables,
      processEnv: options.processEnv,
      killGraceMs: options.killGraceMs,
      stack: options.stack,
    };
    switch (task.action.type) {
      case 'run':
        return await runCommandTask(ctx, task.action);
      case 'exec':
        return await runExecTask(ctx, task.action);
      case 'http':
        return await runHttpTask(ctx, task.action);
    }
  } catch (error) {
    if (signal.aborted) return { status: 'aborted', error: 'aborted' };
    output.line('stderr', `etl-cycle: ${errorMessage(error)}`);
    return { status: 'failed', error: errorMessage(error) };
  }
}

function finish(options: RunTaskOptions, run: TaskRun): TaskRun {
  const { task, sink } = options;
  const took = formatDuration(run.endedAt.getTime() - run.startedAt.getTime());
  const tries = run.attempts > 1 ? `, ${run.attempts} attempts` : '';
  const rows = describeRowCounts(run.metrics);
  const counts = rows ? ` — ${rows}` : '';
  if (run.status === 'succeeded') sink.write('stdout', `✔ ${task.id} ${took}${tries ? ` (${tries.slice(2)})` : ''}${counts}`);
  else if (run.errorClass === 'data_rejected')
    sink.write(
      'stdout',
      `✖ ${task.id}: data rejected: ${run.error!.slice(task.id.length + 2)} (${took}${tries})${task.critical ? '' : ' — not critical, the run goes on'}`,
    );
  else if (run.status === 'aborted') sink.write('stdout', `✖ ${task.id}: aborted (${took})`);
  else
    sink.write(
      'stdout',
      `✖ ${task.id}: ${run.error ?? run.status} (${took}${tries})${counts}${task.critical ? '' : ' — not critical, the run goes on'}`,
    );
  return run;
}
