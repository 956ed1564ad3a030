/**
 * SIGINT/SIGTERM → an AbortSignal the agent honours (kill the orchestrator's process tree,
 * finish the engine call in flight, tear down as configured, write the report). A second signal
 * means "now": exit at once, telling the user how to clean up.
 */
import { AbortedError } from '../core/errors.js';

export interface SignalScope {
  signal: AbortSignal;
  dispose(): void;
}

export function handleSignals(onForced: (signal: NodeJS.Signals) => void): SignalScope {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      onForced(signal);
      return;
    }
    controller.abort(new AbortedError('signal', signal));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
