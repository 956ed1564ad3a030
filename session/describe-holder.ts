/** "run 20261120_140301_ab12 (pid 4242 on host ci-7, started 2026-11-20T14:03:01Z)": who holds a project. */
import type { LockHolder } from '../history/lock/project-lock.js';

export function describeHolder(holder: Pick<LockHolder, 'command' | 'executionId' | 'pid' | 'host' | 'startedAt'>): string {
  const what = holder.executionId ? `${holder.command} ${holder.executionId}` : `etl-cycle ${holder.command}`;
  return `${what} (pid ${holder.pid} on host ${holder.host}${holder.startedAt ? `, started ${holder.startedAt}` : ''})`;
}
