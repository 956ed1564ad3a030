/**
 * A child in its own process group does not get the terminal's Ctrl-C and is not killed when
 * we die: without this, `etl-cycle` crashing or exiting mid-run would leave the user's
 * orchestrator (and its psql, its spark-submit...) running unsupervised. signal-exit also sees
 * fatal signals nobody handles (it re-raises them afterwards, so exit behaviour is unchanged).
 * SIGKILL, because there is no time left to follow a SIGTERM up.
 * Returns the function that removes the hook once the child has ended.
 */
import { onExit } from 'signal-exit';
import { signalProcessGroup } from './signal-process-group.js';

export function killGroupOnExit(pgid: number): () => void {
  return onExit(() => {
    try {
      signalProcessGroup(pgid, 'SIGKILL');
    } catch {
      // Exiting anyway: an EPERM here must not replace the exit the process is already making.
    }
  });
}
