/**
 * What `etl-cycle classify` does: the classifier on its own, for a log at hand. Loaded lazily
 * by cli/commands/classify.ts.
 */
import type { Readable } from 'node:stream';
import type { FailureClass } from '../../core/error-classes.js';
import { UsageError } from '../../core/errors.js';
import { classifyFile, classifyStream } from '../../patterns/engine/classify-stream.js';
import { loadCatalogue } from '../../patterns/load-catalogue.js';
import type { Classification, PatternMatch } from '../../patterns/types.js';

export interface ClassifyInputOptions {
  /** A file path, or `-` for `stdin`. */
  file: string;
  /** Extra pattern packs (override built-in patterns by id). */
  patterns?: string[];
  disable?: string[];
  stdin?: Readable;
}

/** What `classify --json` prints: `primary` is the root cause of what matched, null when nothing did. */
export interface ClassifyJson {
  primary: FailureClass | null;
  matches: { class: string; pattern: string; line: number; text: string; captures: Record<string, string> }[];
}

export async function classifyInput(options: ClassifyInputOptions): Promise<Classification> {
  const stdin = options.stdin ?? process.stdin;
  if (options.file === '-' && (stdin as { isTTY?: boolean }).isTTY === true) {
    // Reading a terminal would wait for input nobody means to type.
    throw new UsageError(
      'classify reads a log: give a file (etl-cycle classify run.log) or pipe output into it (... | etl-cycle classify)',
    );
  }
  const catalogue = await loadCatalogue({ packs: options.patterns, disable: options.disable });
  // classify cannot know whether the run failed; a failure whose output matched nothing is simply "no match".
  const result = options.file === '-' ? await classifyStream(catalogue, stdin) : await classifyFile(catalogue, options.file);
  return result.primary === 'unknown' ? { primary: null, matches: result.matches } : result;
}

export function toClassifyJson(classification: Classification): ClassifyJson {
  return {
    primary: classification.primary,
    matches: classification.matches.map((m) => ({ class: m.class, pattern: m.pattern, line: m.line, text: m.text, captures: m.captures })),
  };
}

/** The human summary: the root cause, where it was decided, what to do, and how much else matched. */
export function formatClassification(classification: Classification): string {
  const main = classification.primaryMatch;
  if (!main) return 'no known failure pattern matched\n';
  const lines = [`${main.class}  (${main.pattern})`, `  line ${main.line}: ${shorten(main.text)}`, `  hint: ${main.hint}`];
  const others = classification.matches.filter((m) => m !== main);
  if (others.length > 0)
    lines.push(`${others.length} other match${others.length === 1 ? '' : 'es'}: ${countByClass(others)} (--json lists them)`);
  return `${lines.join('\n')}\n`;
}

function countByClass(matches: readonly PatternMatch[]): string {
  const counts = new Map<string, number>();
  for (const m of matches) counts.set(m.class, (counts.get(m.class) ?? 0) + 1);
  return [...counts].map(([name, n]) => `${name} ×${n}`).join(', ');
}

function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
