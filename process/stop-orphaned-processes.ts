/**
 * After an agent was killed outright (SIGKILL, OOM killer), the orchestrator it started may
 * live on: its own process group, detached from the dead parent. The next etl-cycle stops it —
 * but only processes proven to be that run's: every process the agent starts carries
 * ETL_CYCLE_EXECUTION_ID=<execution> in its environment, and a process group is stopped only
 * when one of its members does (a recorded pgid alone may have been reused by now). On Linux
 * /proc tells; elsewhere nothing is killed and the caller says what may be left.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { groupExists } from './is-process-group-alive.js';
import { terminateProcessGroup } from './terminate-process-group.js';

export interface OrphanSweep {
  /** Process groups stopped (SIGTERM, then SIGKILL after the grace). */
  stopped: number[];
  /** The recorded group could not be checked on this platform and was left alone. */
  unverified: number | null;
}

export async function stopOrphanedProcesses(options: {
  variable: string;
  value: string;
  recordedPgid: number | null;
  graceMs: number;
}): Promise<OrphanSweep> {
  if (process.platform !== 'linux') {
    return { stopped: [], unverified: options.recordedPgid !== null && groupExists(options.recordedPgid) ? options.recordedPgid : null };
  }
  const marker = `${options.variable}=${options.value}`;
  const own = new Set([process.pid, ownGroup()]);
  const groups = new Set<number>();
  const entries = await readdir('/proc').catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((name) => /^\d+$/.test(name))
      .map(async (pid) => {
        const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => undefined);
        if (environ === undefined || !environ.split('\0').includes(marker)) return;
        const pgid = await groupOf(pid);
        if (pgid !== undefined && !own.has(pgid) && !own.has(Number(pid))) groups.add(pgid);
      }),
  );
  const stopped = [...groups].sort((a, b) => a - b);
  await Promise.all(stopped.map((pgid) => terminateProcessGroup(pgid, options.graceMs)));
  return { stopped, unverified: null };
}

async function groupOf(pid: string): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const pgrp = Number(fields[2]);
  return state === 'Z' || !Number.isInteger(pgrp) || pgrp <= 0 ? undefined : pgrp;
}

/** Our own process group, which a sweep must never stop. */
function ownGroup(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return process.pid;
  }
}
