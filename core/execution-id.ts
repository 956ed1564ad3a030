import { randomBytes } from 'node:crypto';

/**
 * `20261122_043533_k3f9`: the predecessor's sortable `YYYYMMDD_HHMMSS` (UTC) plus a short
 * random suffix, so two runs started in the same second (parallel CI jobs) never share files.
 */
export function newExecutionId(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}_${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `${stamp}_${randomBytes(3)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')
    .slice(0, 4)}`;
}

export const EXECUTION_ID_PATTERN = /^\d{8}_\d{6}_[a-z0-9]{4}$/;
