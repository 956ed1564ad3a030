/**
 * Typed reads of Compose values, each failing with a located one-line ComposeError that names
 * the value and what was expected. Values may come from interpolation, so numbers and booleans
 * are also accepted as strings ("5", "true") the way Compose casts them.
 */
import { parseDuration } from '../../core/duration.js';
import { describeValue } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';

export type Mapping = Record<string, unknown>;

export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readMapping(source: ComposeSource, path: FieldPath, value: unknown, expected = 'a mapping'): Mapping {
  if (value === null || value === undefined) return {};
  if (!isMapping(value)) throw source.error(path, `expected ${expected}, got ${describeValue(value)}`);
  return value;
}

export function readString(source: ComposeSource, path: FieldPath, value: unknown, expected = 'a string'): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw source.error(path, `expected ${expected}, got ${describeValue(value)}`);
}

export function readBoolean(source: ComposeSource, path: FieldPath, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  throw source.error(path, `expected true or false, got ${describeValue(value)}`);
}

export function readInteger(source: ComposeSource, path: FieldPath, value: unknown, range: { min?: number; max?: number } = {}): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  const { min, max } = range;
  if (!Number.isInteger(number) || (min !== undefined && number < min) || (max !== undefined && number > max)) {
    const bounds = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` of at least ${min}` : '';
    throw source.error(path, `expected a whole number${bounds}, got ${describeValue(value)}`);
  }
  return number;
}

export function readList(source: ComposeSource, path: FieldPath, value: unknown, expected = 'a list'): unknown[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw source.error(path, `expected ${expected}, got ${describeValue(value)}`);
  return value;
}

/** A string or a list of strings (`env_file: .env` or `env_file: [a.env, b.env]`). */
export function readStringOrList(source: ComposeSource, path: FieldPath, value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) return [readString(source, path, value, 'a string or a list of strings')];
  return value.map((item, index) => readString(source, [...path, index], item));
}

/** Go duration ("1m30s", "500ms") or seconds as a number, in milliseconds. */
export function readDurationMs(source: ComposeSource, path: FieldPath, value: unknown): number {
  const ms = typeof value === 'number' || typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined) throw source.error(path, `expected a duration such as "30s", "1m30s" or "500ms", got ${describeValue(value)}`);
  return ms;
}

/**
 * `environment:`, `labels:`, `build.args:` — a mapping, or a list of `KEY=VALUE`. A key without a
 * value (`KEY` in a list, `KEY:` in a mapping) gives null: the caller decides what that means.
 */
export function readKeyValues(source: ComposeSource, path: FieldPath, value: unknown): Map<string, string | null> {
  const out = new Map<string, string | null>();
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const text = readString(source, [...path, index], item, 'a "KEY=VALUE" string');
      const equals = text.indexOf('=');
      const key = equals < 0 ? text : text.slice(0, equals);
      if (!key.trim()) throw source.error([...path, index], `expected "KEY=VALUE", got ${describeValue(item)}`);
      out.set(key, equals < 0 ? null : text.slice(equals + 1));
    });
    return out;
  }
  if (!isMapping(value)) throw source.error(path, `expected a mapping or a list of "KEY=VALUE" strings, got ${describeValue(value)}`);
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined) out.set(key, null);
    else if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') out.set(key, String(item));
    else throw source.error([...path, key], `expected a string, number or boolean, got ${describeValue(item)}`);
  }
  return out;
}
