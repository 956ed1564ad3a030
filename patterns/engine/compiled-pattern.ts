import type { ErrorClassId } from '../../core/error-classes.js';

export type PatternOrigin = 'builtin' | 'user';

/** Product packs know one software's messages; the generic layer reads any program's output and loses to them (select-root-cause.ts). */
export type PatternTier = 'product' | 'generic';

/** A line a pattern must match, optionally with the captures it must yield (the pack format's `examples`). */
export type PatternExample = string | { line: string; captures?: Record<string, string> | undefined };

/** A validated pattern, ready to match: what the catalogue and the classifier work with. */
export interface CompiledPattern {
  readonly id: string;
  readonly class: ErrorClassId;
  /** Compiled without the `g`/`y` flags, so `exec` never depends on `lastIndex`. */
  readonly regex: RegExp;
  readonly hint: string;
  readonly weak: boolean;
  readonly tier: PatternTier;
  readonly pack: string;
  readonly origin: PatternOrigin;
  /** The pack file it came from (for messages). */
  readonly file: string;
  /** Lowercase literals of which every matching line contains one; empty = run on every line. */
  readonly literals: readonly string[];
  readonly examples: readonly PatternExample[];
  readonly nearMisses: readonly string[];
}
