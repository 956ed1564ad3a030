/**
 * Interpolates every string value of the Compose data (keys are left as written, as Compose
 * does). Top-level `x-*` extension blocks are skipped: they only exist to be merged elsewhere
 * through anchors, and their merged copies are interpolated where they land.
 */
import { formatFieldPath } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { InterpolationError, interpolateString } from '../../core/interpolate.js';
import type { VariableLookup } from '../../core/interpolate.js';

export function interpolateTree(data: Record<string, unknown>, lookup: VariableLookup, source: ComposeSource): Record<string, unknown> {
  const warned = new Set<string>();
  const visit = (value: unknown, path: FieldPath): unknown => {
    if (typeof value === 'string') {
      try {
        const result = interpolateString(value, lookup);
        for (const name of result.unset) {
          if (warned.has(name)) continue;
          warned.add(name);
          source.warn(
            path,
            `${formatFieldPath(path)}: variable ${name} is not set; using an empty string (set it in the environment or in .env)`,
          );
        }
        return result.value;
      } catch (error) {
        if (error instanceof InterpolationError) throw source.error(path, error.message, error);
        throw error;
      }
    }
    if (Array.isArray(value)) return value.map((item, index) => visit(item, [...path, index]));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = visit(item, [...path, key]);
      return out;
    }
    return value;
  };

  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) out[key] = key.startsWith('x-') ? value : visit(value, [key]);
  return out;
}
