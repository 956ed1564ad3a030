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
import { resolveTaskVariables } from './expand-variables.js';
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
    });
  }

  const attempts = task.retries.count + 1;
  const timeoutMs = task.timeoutMs * options.timeoutFactor;
  const outcome = await runAttempts(options, output, attempts, timeoutMs);
  await output.close();
  return finish(options, {
    status: outcome.status,
    error: outcome.error,
    attempts: outcome.attempts,
    startedAt,
    endedAt: new Date(),
    output: output.tail(),
    logFile,
  });
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
    const ctx: AttemptContext = {
      task,
      attempt,
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
  if (run.status === 'succeeded') sink.write('stdout', `✔ ${task.id} ${took}${tries ? ` (${tries.slice(2)})` : ''}`);
  else if (run.status === 'aborted') sink.write('stdout', `✖ ${task.id}: aborted (${took})`);
  else
    sink.write(
      'stdout',
      `✖ ${task.id}: ${run.error ?? run.status} (${took}${tries})${task.critical ? '' : ' — not critical, the run goes on'}`,
    );
  return run;
}
