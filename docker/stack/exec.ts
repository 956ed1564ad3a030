import { runExec } from '../engine/run-exec.js';
import type { ExecOptions, ExecResult } from '../types.js';
import { findServiceContainer } from './find-service-container.js';
import type { StackContext } from './stack-context.js';

/**
 * Runs a command in a service's running container through the exec API. On timeout the result
 * says `timedOut` (exit code 124); on abort it throws the signal's reason; either way the process
 * is killed when the engine runs on this machine (see kill-exec-process.ts).
 */
export async function exec(ctx: StackContext, service: string, command: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const container = await findServiceContainer(ctx, service, 'exec');
  return runExec(ctx.engine, ctx.logger.child({ service }), container.id, command, options);
}
