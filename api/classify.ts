/**
 * `classify()`: the classifier on any output — a string, or a stream such as a child's stdout
 * or a file read stream — with the built-in pattern catalogue plus your packs. The same
 * diagnosis `etl-cycle classify` prints.
 */
import { Readable } from 'node:stream';
import type { FailureClass } from '../core/error-classes.js';
import { classifyStream } from '../patterns/engine/classify-stream.js';
import { loadCatalogue } from '../patterns/load-catalogue.js';

export interface ClassifyOptions {
  /** Extra pattern packs (YAML/JSON files); a pattern with a built-in's id overrides it. */
  patterns?: string[];
  /** Pattern ids to switch off. */
  disable?: string[];
}

export interface ClassifiedMatch {
  /** The error class (docs/error-classes.md). */
  class: FailureClass;
  /** The pattern's stable id, e.g. `postgres.relation_missing`. */
  pattern: string;
  /** 1-based line number in the input. */
  line: number;
  /** The line as matched (ANSI stripped, bounded length). */
  text: string;
  /** Named captures: table, host, port, user, path... */
  captures: Record<string, string>;
  /** What to do about it, in one line. */
  hint: string;
}

export interface ClassifyResult {
  /** The root cause: the class of the first causal failure, or null when nothing matched. */
  primary: FailureClass | null;
  /** The match that decided `primary`. */
  primaryMatch: ClassifiedMatch | null;
  /** Every match, in order. */
  matches: ClassifiedMatch[];
}

export async function classify(input: string | NodeJS.ReadableStream, options: ClassifyOptions = {}): Promise<ClassifyResult> {
  const catalogue = await loadCatalogue({ packs: options.patterns, disable: options.disable });
  const stream = typeof input === 'string' ? Readable.from([input]) : input instanceof Readable ? input : Readable.from(input);
  const result = await classifyStream(catalogue, stream);
  const matches = result.matches.map(toMatch);
  const primaryIndex = result.primaryMatch ? result.matches.indexOf(result.primaryMatch) : -1;
  return {
    // Without an exit code, output that matched nothing is "no known failure", not `unknown`.
    primary: result.primary === 'unknown' ? null : result.primary,
    primaryMatch: primaryIndex >= 0 ? matches[primaryIndex]! : null,
    matches,
  };
}

/** A copy with exactly the public fields (the engine's match carries more). */
function toMatch(m: ClassifiedMatch): ClassifiedMatch {
  return { class: m.class, pattern: m.pattern, line: m.line, text: m.text, captures: { ...m.captures }, hint: m.hint };
}
