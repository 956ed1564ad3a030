import type { CompiledPattern } from './compiled-pattern.js';

export interface LineMatch {
  /** Named captures that took part in the match. */
  captures: Record<string, string>;
  /** Where the match starts in the line (ties between patterns on one line go to the earliest). */
  index: number;
  length: number;
}

/**
 * Matches one normalized line against one pattern, literal gate included: the same function
 * decides for the classifier and for example/near-miss verification, so what `patterns check`
 * proves is what runs. `lowerLine` is `line.toLowerCase()`, computed once per line by callers.
 */
export function matchPattern(pattern: CompiledPattern, line: string, lowerLine: string): LineMatch | undefined {
  if (pattern.literals.length > 0 && !pattern.literals.some((literal) => lowerLine.includes(literal))) return undefined;
  return execPattern(pattern, line);
}

/** The regex alone, for callers that already know a literal of the pattern is in the line. */
export function execPattern(pattern: CompiledPattern, line: string): LineMatch | undefined {
  const found = pattern.regex.exec(line);
  if (!found) return undefined;
  const captures: Record<string, string> = {};
  if (found.groups) {
    for (const [name, value] of Object.entries(found.groups)) {
      if (value !== undefined) captures[name] = value;
    }
  }
  return { captures, index: found.index, length: found[0].length };
}
