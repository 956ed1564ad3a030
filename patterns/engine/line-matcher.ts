/**
 * Matches one candidate line: normalizes it, finds which prefilter literals it holds (one
 * pass of the literal alternation over the line), and runs the full regex of only the
 * patterns behind those literals. A line with "already exists" runs the handful of
 * already-exists patterns, not the catalogue.
 */
import { BigramScanner } from './bigram-scanner.js';
import type { LiteralGroup, Prefilter } from './build-prefilter.js';
import type { CompiledPattern } from './compiled-pattern.js';
import { detachString } from './detach-string.js';
import { execPattern } from './match-pattern.js';
import type { LineMatch } from './match-pattern.js';
import { normalizeLine } from './normalize-line.js';

export interface FoundMatch {
  pattern: CompiledPattern;
  found: LineMatch;
}

export class LineMatcher {
  private readonly lineScan: RegExp | null;
  private readonly probe: RegExp | null;
  /** The literals of a candidate line, found by table lookups (bigram-scanner.ts) when the literals allow it. */
  private readonly lineScanner: BigramScanner | null;

  constructor(
    private readonly prefilter: Prefilter,
    private readonly order: ReadonlyMap<CompiledPattern, number>,
  ) {
    const source = prefilter.scanSource;
    this.lineScan = source === null ? null : new RegExp(source, 'gi');
    this.probe = source === null ? null : new RegExp(source, 'i');
    this.lineScanner = BigramScanner.accepts(prefilter.scanLiterals) ? new BigramScanner(prefilter.scanLiterals) : null;
    // Anchors from the literals themselves: each literal is then anchored where it differs most from the others.
    this.lineScanner?.learn(Buffer.from(prefilter.scanLiterals.join('\n'), 'latin1'));
  }

  /** The prefilter for one raw line (escape sequences make any line a candidate: they may hide a literal). */
  isCandidate(raw: string): boolean {
    if (this.prefilter.alwaysRun.length > 0) return true;
    if (this.probe === null) return false;
    if (raw.includes('\u001b') || raw.includes('\u009b')) return true;
    return this.lineScanner !== null ? this.lineScanner.occursIn(raw) : this.probe.test(raw);
  }

  /** The normalized line and every pattern match on it, earliest first. */
  match(raw: string): { line: string; found: FoundMatch[] } {
    // A copy: captures and the kept text must not pin the chunk this line was cut from.
    const line = detachString(normalizeLine(raw));
    const found: FoundMatch[] = [];
    const tried = new Set<CompiledPattern>();
    const attempt = (pattern: CompiledPattern) => {
      if (tried.has(pattern)) return;
      tried.add(pattern);
      const match = execPattern(pattern, line);
      if (match) found.push({ pattern, found: match });
    };
    let lower: string | undefined;
    const seen = new Set<LiteralGroup>();
    const hitLiteral = (literal: string) => {
      for (const group of this.prefilter.dependents.get(literal) ?? this.prefilter.groups) {
        if (seen.has(group)) continue;
        seen.add(group);
        if (group.literal !== literal) {
          lower ??= line.toLowerCase();
          if (!lower.includes(group.literal)) continue;
        }
        group.patterns.forEach(attempt);
      }
    };
    if (this.lineScanner !== null) {
      const literals = this.prefilter.scanLiterals;
      this.lineScanner.forEachLiteralIn(line, (index) => hitLiteral(literals[index] as string));
    } else if (this.lineScan !== null) {
      const scan = this.lineScan;
      scan.lastIndex = 0;
      for (let hit = scan.exec(line); hit !== null; hit = scan.exec(line)) {
        // Step one character, not past the hit: literals may overlap ("abc", "bcd" in "abcd").
        scan.lastIndex = hit.index + 1;
        hitLiteral(hit[0].toLowerCase());
      }
    }
    this.prefilter.alwaysRun.forEach(attempt);
    found.sort((a, b) => a.found.index - b.found.index || b.found.length - a.found.length || this.rank(a.pattern) - this.rank(b.pattern));
    return { line, found };
  }

  private rank(pattern: CompiledPattern): number {
    return this.order.get(pattern) ?? Number.MAX_SAFE_INTEGER;
  }
}
