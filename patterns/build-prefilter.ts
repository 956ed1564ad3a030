/**
 * The literal prefilter: one case-insensitive alternation of every pattern's required
 * literals, run with the `g` flag over a whole chunk of output. Only the lines it lands on
 * (candidates) are split out, normalized and given to the full regexes of the patterns whose
 * literal they contain; every other line costs one pass of the alternation and nothing else.
 */
import type { CompiledPattern } from './compiled-pattern.js';

export interface LiteralGroup {
  literal: string;
  patterns: CompiledPattern[];
}

export interface Prefilter {
  /** Global, case-insensitive: finds candidate lines in a chunk. Clone it per classifier (it has `lastIndex`). Null when no pattern has a literal. */
  readonly scan: RegExp | null;
  /** Patterns grouped by literal (a pattern with several alternative literals is in several groups). */
  readonly groups: readonly LiteralGroup[];
  /** Patterns without a usable literal: they make every line a candidate. */
  readonly alwaysRun: readonly CompiledPattern[];
}

/**
 * ANSI/VT sequences can sit inside a literal ("connection \e[1mrefused"), so a line holding
 * one is always a candidate: it is stripped first and then checked like any other.
 */
const CONTROL_INTRODUCERS = ['\u001b', '\u009b'];

export function buildPrefilter(patterns: readonly CompiledPattern[]): Prefilter {
  const byLiteral = new Map<string, CompiledPattern[]>();
  const alwaysRun: CompiledPattern[] = [];
  for (const pattern of patterns) {
    if (pattern.literals.length === 0) {
      alwaysRun.push(pattern);
      continue;
    }
    for (const literal of pattern.literals) {
      const group = byLiteral.get(literal);
      if (group) group.push(pattern);
      else byLiteral.set(literal, [pattern]);
    }
  }
  const groups = [...byLiteral].map(([literal, members]) => ({ literal, patterns: members }));
  const scanned = minimalCover(groups.map((g) => g.literal));
  const scan = scanned.length === 0
    ? null
    : new RegExp([...scanned.map(escapeLiteral), ...CONTROL_INTRODUCERS].join('|'), 'gi');
  return { scan, groups, alwaysRun };
}

/** A literal that contains another literal finds no line the shorter one misses: scan the shorter only. */
function minimalCover(literals: string[]): string[] {
  const sorted = [...literals].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const kept: string[] = [];
  for (const literal of sorted) {
    if (!kept.some((shorter) => literal.includes(shorter))) kept.push(literal);
  }
  return kept;
}

function escapeLiteral(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
