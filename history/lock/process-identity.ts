/**
 * Telling a live lock holder from a dead one on this machine. A pid alone is not enough: after
 * a reboot or in a fresh container the same number names another process. On Linux the boot id
 * and the process's start time (clock ticks since boot, /proc/<pid>/stat field 22) pin it down.
 */
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  pid: number;
  /** /proc/sys/kernel/random/boot_id, or null where there is none. */
  bootId: string | null;
  /** Start time of the process since boot, or null where it cannot be read. */
  startTicks: string | null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

export function currentBootId(): string | null {
  return readText('/proc/sys/kernel/random/boot_id');
}

export function startTicksOf(pid: number): string | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

export function ownIdentity(): ProcessIdentity {
  return { pid: process.pid, bootId: currentBootId(), startTicks: startTicksOf(process.pid) };
}

/** True when `identity` still names a running process on this machine. */
export function isRunning(identity: ProcessIdentity): boolean {
  const bootId = currentBootId();
  if (identity.bootId !== null && bootId !== null && identity.bootId !== bootId) return false;
  try {
    process.kill(identity.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user — alive.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (identity.startTicks === null) return true;
  const now = startTicksOf(identity.pid);
  // No /proc entry while kill(0) succeeded: a zombie, or no /proc at all; trust the signal probe unless it is a zombie.
  if (now === null) return !isZombie(identity.pid);
  return now === identity.startTicks && !isZombie(identity.pid);
}

function isZombie(pid: number): boolean {
  const status = readText(`/proc/${pid}/status`);
  return status !== null && /^State:\s+Z/m.test(status);
}

/** Linux's USER_HZ: /proc/<pid>/stat counts start times in these ticks (100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/**
 * When the process `pid` started (epoch ms), or null where /proc cannot tell. A pid whose
 * process started after a run did cannot be that run's agent (the number was reused).
 */
export function processStartedAt(pid: number): number | null {
  const ticks = startTicksOf(pid);
  const boot = readText('/proc/stat')?.match(/^btime (\d+)$/m)?.[1];
  if (ticks === null || boot === undefined) return null;
  return Number(boot) * 1000 + (Number(ticks) / TICKS_PER_SECOND) * 1000;
}
