/**
 * SIGINT/SIGTERM → an AbortSignal the agent honours (kill the orchestrator's process tree,
 * finish the engine call in flight, tear down as configured, write the report). A second signal
 * means "now": after `forcedMessage` is printed, our handlers are removed and the signal is
 * raised again, so the default action ends the process the way the shell expects (status
 * 128+n) without anything but cli/main.ts calling process.exit.
 */
import { AbortedError } from '../core/errors.js';

export interface SignalScope {
  signal: AbortSignal;
  dispose(): void;
}

export function handleSignals(forcedMessage: (signal: NodeJS.Signals) => string): SignalScope {
  const controller = new AbortController();
  const dispose = () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
  function handler(signal: NodeJS.Signals) {
    if (!controller.signal.aborted) {
      controller.abort(new AbortedError('signal', signal));
      return;
    }
    process.stderr.write(forcedMessage(signal));
    dispose();
    process.kill(process.pid, signal);
  }
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return { signal: controller.signal, dispose };
}
