/**
 * An `exec` task: a command inside a service container through the engine's exec API, how a
 * team runs `psql -f schema.sql` without database clients on the host. A shell line runs under
 * `sh -c` in the container. A deadline or an abort stops the exec'd process (see
 * docker/engine/run-exec.ts); an engine failure (no such container, engine gone) is written to
 * the task's output so the classifier sees it too.
 */
import { TASK_VARIABLES, WINDOW_VARIABLES } from '../../core/agent-variables.js';
import { formatDuration } from '../../core/duration.js';
import { errorMessage } from '../../core/errors.js';
import type { TaskAction } from '../../config/types.js';
import { MAX_LINE_LENGTH } from '../../process/create-output-router.js';
import { LineSplitter } from '../../process/line-splitter.js';
import type { AttemptOutcome } from '../types.js';
import type { AttemptContext } from './attempt-context.js';

export async function runExecTask(ctx: AttemptContext, action: Extract<TaskAction, { type: 'exec' }>): Promise<AttemptOutcome> {
  const { expand } = ctx.variables;
  const command =
    typeof action.command === 'string'
      ? ['sh', '-c', expand(action.command, 'exec.command')]
      : action.command.map((part, index) => expand(part, `exec.command[${index}]`));
  const splitters = { stdout: new LineSplitter(MAX_LINE_LENGTH), stderr: new LineSplitter(MAX_LINE_LENGTH) };
  const flush = (): void => {
    for (const stream of ['stdout', 'stderr'] as const) {
      const last = splitters[stream].flush();
      if (last !== undefined) ctx.output.line(stream, last);
    }
  };
  try {
    const stack = await ctx.stack();
    const result = await stack.exec(action.service, command, {
      env: {
        ...windowVariables(ctx.processEnv),
        ...ctx.variables.env,
        [TASK_VARIABLES.task]: ctx.task.id,
        [TASK_VARIABLES.attempt]: String(ctx.attempt),
      },
      user: action.user === undefined ? undefined : expand(action.user, 'exec.user'),
      workingDir: action.workdir === undefined ? undefined : expand(action.workdir, 'exec.workdir'),
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      onOutput: (stream, chunk) => {
        for (const line of splitters[stream].push(chunk)) ctx.output.line(stream, line);
      },
    });
    flush();
    if (result.timedOut) {
      const after = formatDuration(ctx.timeoutMs);
      ctx.output.line('stderr', `etl-cycle: task ${ctx.task.id} timed out after ${after} and was killed`);
      return { status: 'timed_out', error: `timed out after ${after}` };
    }
    return result.exitCode === 0 ? { status: 'succeeded' } : { status: 'failed', error: `exit code ${result.exitCode}` };
  } catch (error) {
    flush();
    if (ctx.signal.aborted) return { status: 'aborted', error: 'aborted' };
    const message = `exec in service ${action.service} failed: ${errorMessage(error)}`;
    ctx.output.line('stderr', `etl-cycle: ${message}`);
    return { status: 'failed', error: message };
  }
}

/** The container does not inherit the host's environment: a windowed workflow's window is handed over explicitly. */
function windowVariables(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.values(WINDOW_VARIABLES).flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
}
