/**
 * Sends `signal` to every process in the group `pgid`. Children are started as group leaders
 * (`detached: true`), so their pid is the group id and `kill(-pgid)` reaches the grandchildren
 * too (`npm run x` → sh → node → psql), which signalling the direct child alone would miss.
 * Returns false when the group no longer exists.
 */
export function signalProcessGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}
