/**
 * Whether any live process remains in the group `pgid`. `kill(-pgid, 0)` alone also counts
 * zombies, and orphaned zombies linger wherever pid 1 does not reap them (containers, some
 * sandboxes): waiting for them to vanish would always run into the kill grace. On Linux the
 * process table in /proc tells the two apart; elsewhere the signal probe is the best we have.
 */
import { readdir, readFile } from 'node:fs/promises';

export async function isProcessGroupAlive(pgid: number): Promise<boolean> {
  if (!groupExists(pgid)) return false;
  if (process.platform !== 'linux') return true;
  const entries = await readdir('/proc').catch(() => undefined);
  if (entries === undefined) return true;
  const states = await Promise.all(entries.filter((name) => /^\d+$/.test(name)).map((pid) => readGroupAndState(pid)));
  return states.some((entry) => entry !== undefined && entry.pgrp === pgid && entry.state !== 'Z' && entry.state !== 'X');
}

/** Whether any process of the group exists (zombies included: see isProcessGroupAlive). */
export function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    // EPERM: the group exists but belongs to someone else (a setuid grandchild) — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** State letter and process group from /proc/<pid>/stat; undefined when the process is gone. */
async function readGroupAndState(pid: string): Promise<{ state: string; pgrp: number } | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  // `pid (comm) state ppid pgrp ...`; comm may itself contain spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [state, , pgrp] = fields;
  return state === undefined || pgrp === undefined ? undefined : { state, pgrp: Number(pgrp) };
}
