/**
 * Applies a key catalogue to one mapping of the Compose file: warns about keys etl-cycle
 * ignores, fails on keys it cannot honour and on keys that are not Compose at all (with the
 * closest known key, since those are nearly always typos).
 */
import { closest, distance } from 'fastest-levenshtein';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { formatFieldPath } from './compose-source.js';
import type { KeyCatalogue } from './compose-keys.js';
import type { Mapping } from './read-field.js';

export function checkKeys(source: ComposeSource, path: FieldPath, mapping: Mapping, catalogue: KeyCatalogue): void {
  for (const key of Object.keys(mapping)) {
    if (key.startsWith('x-')) continue;
    const support = catalogue[key];
    const at = [...path, key];
    if (support === 'supported') continue;
    if (support === 'ignored') {
      source.warn(at, `${formatFieldPath(at)} is not supported by etl-cycle and is ignored`);
    } else if (support) {
      throw source.error(at, `not supported: ${support.reject}`);
    } else {
      const known = Object.keys(catalogue);
      const guess = closest(key, known);
      const hint =
        distance(key, guess) <= Math.max(2, Math.floor(key.length / 3))
          ? `; did you mean "${guess}"?`
          : `; expected one of ${known.join(', ')}`;
      throw source.error(at, `unknown Compose key "${key}"${hint}`);
    }
  }
}
