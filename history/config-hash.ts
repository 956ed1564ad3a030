/**
 * A short fingerprint of the configuration a run used (etl-cycle.yaml after overrides), so the
 * ledger can tell "the pipeline got flaky" from "someone changed the config". Keys are sorted,
 * so the same settings always give the same hash.
 */
import { createHash } from 'node:crypto';
import type { EtlCycleConfig } from '../config/types.js';

export function configHash(config: EtlCycleConfig): string {
  const { file: _file, ...settings } = config;
  return createHash('sha256').update(stableJson(settings)).digest('hex').slice(0, 12);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
