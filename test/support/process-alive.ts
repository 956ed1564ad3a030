import { readFileSync } from 'node:fs';

/** True when `pid` runs (a zombie waiting to be reaped by init does not count: it is dead). */
export function isProcessAlive(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return !/^State:\s+Z/m.test(status);
  } catch {
    return false;
  }
}
