import type { StackContext } from './stack-context.js';
import { findServiceContainer } from './find-service-container.js';

export const DEFAULT_LOG_TAIL_LINES = 200;

/** The last lines of a service container's output, stdout and stderr interleaved, as text. */
export async function logs(ctx: StackContext, service: string, options: { tailLines?: number } = {}): Promise<string> {
  const container = await findServiceContainer(ctx, service, 'read container logs');
  return ctx.engine.containerLogs(container.id, { tty: container.tty, tailLines: options.tailLines ?? DEFAULT_LOG_TAIL_LINES });
}
