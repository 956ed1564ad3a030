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
  /** The literals a chunk is scanned for (a minimal set: none contains another). */
  readonly scanLiterals: readonly string[];
  /** RegExp source of their alternation (matched with the `i` flag); null when no pattern has a literal. */
  readonly scanSource: string | null;
  /** Patterns grouped by literal (a pattern with several alternative literals is in several groups). */
  readonly groups: readonly LiteralGroup[];
  /** For each scanned literal, the groups whose literal contains it (every group contains one). */
  readonly dependents: ReadonlyMap<string, readonly LiteralGroup[]>;
  /** Patterns without a usable literal: they make every line a candidate. */
  readonly alwaysRun: readonly CompiledPattern[];
}

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
  const dependents = new Map(scanned.map((literal) => [literal, groups.filter((g) => g.literal.includes(literal))]));
  return {
    scanLiterals: scanned,
    scanSource: scanned.length === 0 ? null : scanned.map(escapeLiteral).join('|'),
    groups,
    dependents,
    alwaysRun,
  };
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
