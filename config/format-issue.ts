/**
 * Turns a zod issue into the one line a user can act on: the file and line, the field path,
 * what was wrong and, for typos, the field they probably meant.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${plainKey(String(key))}` : plainKey(String(key));
  }
  return out || '(top level)';
}

/** A key as written when plain; quoted when it holds what would break a one-line message (newlines, invisible characters). */
function plainKey(key: string): string {
  return key !== '' && !/[\p{C}\p{Zl}\p{Zp}"\\]/u.test(key) ? key : JSON.stringify(key);
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON has no Infinity or NaN (it writes null); a cyclic value (YAML aliases) cannot be written at all.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? '[...]' : '{...}';
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Known keys of the object schema at `path`, for "did you mean". */
export type KnownKeys = (path: readonly PropertyKey[]) => string[];

export function describeIssue(issue: z.core.$ZodIssue, knownKeys: KnownKeys): { path: readonly PropertyKey[]; message: string } {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const candidates = knownKeys(issue.path);
      const guess = candidates.length ? closest(key, candidates) : undefined;
      const hint =
        guess && distance(key, guess) <= Math.max(2, Math.floor(key.length / 3))
          ? `; did you mean "${guess}"?`
          : `; known fields: ${candidates.join(', ')}`;
      return { path: [...issue.path, key], message: `unknown field${hint}` };
    }
    case 'invalid_type':
      if (issue.input === undefined) return { path: issue.path, message: `is required (${issue.expected})` };
      return { path: issue.path, message: `expected ${issue.expected}, got ${describeValue(issue.input)}` };
    case 'invalid_value':
      return {
        path: issue.path,
        message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(issue.input)}`,
      };
    case 'invalid_union': {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (discriminator) {
        const path = issue.path[issue.path.length - 1] === discriminator ? issue.path : [...issue.path, discriminator];
        const input = issue.input;
        const value = input && typeof input === 'object' ? (input as Record<string, unknown>)[discriminator] : input;
        const choices = knownKeys(['__discriminator__', ...path]);
        return {
          path,
          message: `unknown ${discriminator} ${describeValue(value)}${choices.length ? `; expected one of ${choices.join(', ')}` : ''}`,
        };
      }
      const expected = issue.errors
        .flat()
        .map((e) => (e.code === 'invalid_type' ? e.expected : undefined))
        .filter(Boolean);
      return {
        path: issue.path,
        message: expected.length ? `expected ${[...new Set(expected)].join(' or ')}, got ${describeValue(issue.input)}` : issue.message,
      };
    }
    case 'too_small':
      return {
        path: issue.path,
        message: `must be at least ${String(issue.minimum)}${issue.origin === 'array' ? ' item(s)' : ''}, got ${describeValue(issue.input)}`,
      };
    case 'too_big':
      return { path: issue.path, message: `must be at most ${String(issue.maximum)}, got ${describeValue(issue.input)}` };
    case 'invalid_format':
      return { path: issue.path, message: `${issue.message}, got ${describeValue(issue.input)}` };
    default:
      return { path: issue.path, message: issue.message };
  }
}
