/**
 * The end of a "no task x" message: the closest known name when it looks like a typo, else the
 * list of known names, so the user never has to open the file to see what exists.
 */
import { closest, distance } from 'fastest-levenshtein';

export function suggestName(name: string, known: readonly string[], kind: string): string {
  if (known.length === 0) return `no ${kind}s are declared`;
  const guess = closest(name, [...known]);
  if (distance(name, guess) <= Math.max(2, Math.floor(name.length / 3))) return `did you mean "${guess}"?`;
  return `${kind}s: ${known.join(', ')}`;
}
