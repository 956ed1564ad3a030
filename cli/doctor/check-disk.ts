/**
 * Free space where a run writes: the project's logs folder and, for a local engine, Docker's
 * data root (images, containers, volumes). A full disk fails a run with disk_full, which no
 * retry fixes.
 */
import { statfs } from 'node:fs/promises';
import { fail, ok, warn } from './doctor-check.js';
import type { CheckResult } from './doctor-check.js';

const GiB = 1024 ** 3;
const BLOCKING_BYTES = 1 * GiB;
const LOW_BYTES = 5 * GiB;

export async function checkDisk(what: string, path: string): Promise<CheckResult> {
  const stats = await statfs(path).catch(() => undefined);
  if (!stats) return warn(`disk (${what})`, `cannot read the free space of ${path}`);
  const free = stats.bavail * stats.bsize;
  const text = `${(free / GiB).toFixed(1)} GiB free in ${path}`;
  if (free < BLOCKING_BYTES) return fail(`disk (${what})`, `${text}: free some space (docker system df shows what Docker holds)`);
  if (free < LOW_BYTES) return warn(`disk (${what})`, `${text}: low`);
  return ok(`disk (${what})`, text);
}
