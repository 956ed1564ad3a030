/**
 * A `run` task: a host command through runProcess, so a timeout or an abort stops its whole
 * process tree (`npm run load` → sh → node → psql), not just the first process.
 */
import { TASK_VARIABLES } from '../../core/agent-variables.js';
import { formatDuration } from '../../core/duration.js';
import type { TaskAction } from '../../config/types.js';
import { runProcess } from '../../process/run-process.js';
import type { AttemptOutcome } from '../types.js';
import type { AttemptContext } from './attempt-context.js';

export async function runCommandTask(ctx: AttemptContext, action: Extract<TaskAction, { type: 'run' }>): Promise<AttemptOutcome> {
  const result = await runProcess({
    command: action.command,
    cwd: action.cwd,
    env: {
      ...definedValues(ctx.processEnv),
      ...ctx.variables.env,
      [TASK_VARIABLES.task]: ctx.task.id,
      [TASK_VARIABLES.attempt]: String(ctx.attempt),
      [TASK_VARIABLES.metricsFile]: ctx.metricsFile,
    },
    timeoutMs: ctx.timeoutMs,
    killGraceMs: ctx.killGraceMs,
    signal: ctx.signal,
    // The task output keeps its own tail; runProcess need not keep a second one.
    maxBufferBytes: 0,
    onLine: (stream, line) => ctx.output.line(stream, line),
  });
  if (result.success) return { status: 'succeeded' };
  if (result.aborted) return { status: 'aborted', error: 'aborted' };
  if (result.timedOut) {
    const after = formatDuration(ctx.timeoutMs);
    ctx.output.line('stderr', `etl-cycle: task ${ctx.task.id} timed out after ${after} and was killed`);
    return { status: 'timed_out', error: `timed out after ${after}` };
  }
  // runProcess has already put the spawn error in the output, where the classifier reads it.
  if (result.spawnError) return { status: 'failed', error: result.spawnError };
  return {
    status: 'failed',
    error: result.exitCode === null ? `killed by ${result.signal ?? 'a signal'}` : `exit code ${result.exitCode}`,
  };
}

function definedValues(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
