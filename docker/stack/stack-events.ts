import type { ServicePhase, StackEvent } from '../types.js';
import type { StackContext } from './stack-context.js';

export type Emit = (service: string, phase: ServicePhase, detail?: string) => void;

/** Reports phase changes to `onEvent`, timed from now; a failing progress display must not fail the stack. */
export function stackEmitter(ctx: StackContext, onEvent: ((event: StackEvent) => void) | undefined): Emit {
  const began = Date.now();
  return (service, phase, detail) => {
    try {
      onEvent?.({ service, phase, ...(detail === undefined ? {} : { detail }), elapsedMs: Date.now() - began });
    } catch (error) {
      ctx.logger.debug('onEvent threw', { error: String(error) });
    }
  };
}
