/**
 * How the levels of the catalogue combine: a user pattern with a built-in id replaces the
 * built-in one in place (same rank in the catalogue), other user patterns follow the
 * built-ins, and `disable` switches patterns off by id (an unknown id is an error, so a typo
 * cannot silently keep a pattern on).
 */
import { PatternPackError } from '../../core/errors.js';
import type { CompiledPattern } from '../engine/compiled-pattern.js';

export function mergeOverrides(builtin: readonly CompiledPattern[], user: readonly CompiledPattern[]): CompiledPattern[] {
  const overrides = new Map(user.map((p) => [p.id, p]));
  const merged = builtin.map((p) => overrides.get(p.id) ?? p);
  const builtinIds = new Set(builtin.map((p) => p.id));
  merged.push(...user.filter((p) => !builtinIds.has(p.id)));
  return merged;
}

export function applyDisable(patterns: readonly CompiledPattern[], disable: readonly string[]): CompiledPattern[] {
  const known = new Set(patterns.map((p) => p.id));
  for (const id of disable) {
    if (!known.has(id)) {
      throw new PatternPackError(`cannot disable unknown pattern id "${id}"`, {
        hint: 'List the pattern ids with `etl-cycle patterns list`.',
      });
    }
  }
  const off = new Set(disable);
  return patterns.filter((p) => !off.has(p.id));
}
