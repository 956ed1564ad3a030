/**
 * Stops a whole process group the way `docker stop` stops a container: SIGTERM so the tree can
 * clean up, then SIGKILL once `graceMs` has passed and anything is still alive. Resolves when
 * the group is gone (or, for processes stuck in uninterruptible sleep, shortly after SIGKILL).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { isProcessGroupAlive } from './is-process-group-alive.js';
import { signalProcessGroup } from './signal-process-group.js';

/** How often the group is checked while waiting; short enough not to stretch the grace much. */
const POLL_INTERVAL_MS = 50;
/** After SIGKILL only the kernel can delay the end; don't wait on it forever. */
const AFTER_KILL_WAIT_MS = 2_000;

export interface TerminationOutcome {
  /** SIGKILL was needed: something ignored or outlived SIGTERM for the whole grace period. */
  forced: boolean;
}

export async function terminateProcessGroup(pgid: number, graceMs: number): Promise<TerminationOutcome> {
  if (!signalProcessGroup(pgid, 'SIGTERM')) return { forced: false };
  if (await waitForGroupEnd(pgid, graceMs)) return { forced: false };
  signalProcessGroup(pgid, 'SIGKILL');
  await waitForGroupEnd(pgid, AFTER_KILL_WAIT_MS);
  return { forced: true };
}

/** True when the group ended within `timeoutMs`. */
async function waitForGroupEnd(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (!(await isProcessGroupAlive(pgid))) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    await delay(Math.min(POLL_INTERVAL_MS, left));
  }
}
