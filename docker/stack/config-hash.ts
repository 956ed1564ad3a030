import { createHash } from 'node:crypto';
import type { ServiceModel } from '../types.js';

/** Stable JSON: keys sorted at every level, so two equal definitions hash alike whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * sha256 of the service definition the container was created from (with the memory limit actually
 * applied, which an out-of-memory adjustment can change): tells a stale container from a current one.
 */
export function hashServiceConfig(service: ServiceModel, memLimitBytes: number | undefined): string {
  return createHash('sha256')
    .update(canonicalJson({ ...service, memLimitBytes }))
    .digest('hex');
}
