/**
 * The literal prefilter: one case-insensitive alternation of every pattern's required
 * literals, run with the `g` flag over a whole chunk of output. Only the lines it lands on
 * (candidates) are split out, normalized and given to the full regexes of the patterns whose
 * literal they contain; every other line costs one pass of the alternation and nothing else.
 */
import { BigramScanner } from './bigram-scanner.js';
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
  const { scanned, dependents } = coverAndDependents(groups);
  return {
    scanLiterals: scanned,
    scanSource: scanned.length === 0 ? null : scanned.map(escapeLiteral).join('|'),
    groups,
    dependents,
    alwaysRun,
  };
}

/**
 * The minimal cover (a literal that contains another literal finds no line the shorter one
 * misses: scan the shorter only) and, for each scanned literal, the groups whose literal holds
 * it. Asked at every start for hundreds of literals, so "which literals does this literal
 * contain" is answered by one bigram-table pass over it (bigram-scanner.ts), not by comparing
 * every pair.
 */
function coverAndDependents(groups: readonly LiteralGroup[]): { scanned: string[]; dependents: Map<string, LiteralGroup[]> } {
  const literals = groups.map((g) => g.literal);
  const contained = containedLiterals(literals);
  const scanned = literals
    .filter((literal, index) => (contained[index] as number[]).every((other) => other === index))
    .sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const scannedSet = new Set(scanned);
  const dependents = new Map<string, LiteralGroup[]>(scanned.map((literal) => [literal, []]));
  groups.forEach((group, index) => {
    for (const other of new Set(contained[index])) {
      const literal = literals[other] as string;
      if (scannedSet.has(literal)) dependents.get(literal)?.push(group);
    }
  });
  return { scanned, dependents };
}

/** For each literal, the indexes of the literals it contains (itself included). */
function containedLiterals(literals: readonly string[]): number[][] {
  if (!BigramScanner.accepts(literals)) {
    return literals.map((literal) => literals.flatMap((other, index) => (literal.includes(other) ? [index] : [])));
  }
  const scanner = new BigramScanner(literals);
  scanner.learn(Buffer.from(literals.join('\n'), 'latin1'));
  return literals.map((literal) => {
    const found: number[] = [];
    scanner.forEachLiteralIn(literal, (index) => {
      found.push(index);
    });
    return found;
  });
}

export function escapeLiteral(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
