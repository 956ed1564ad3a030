/**
 * `etl-cycle classify [FILE|-] [--json] [--patterns PATH ...]`: the classifier on its own, for
 * a log at hand. Prints the root-cause class, the line that decided it and its hint (or with
 * --json one object: primary class and every match). Exits 0 whether or not a failure was
 * found: finding none is an answer, not an error.
 */
import type { Readable } from 'node:stream';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { FailureClass } from '../../core/error-classes.js';
import { UsageError } from '../../core/errors.js';
import { classifyFile, classifyStream } from '../../patterns/classify-stream.js';
import { loadCatalogue } from '../../patterns/load-catalogue.js';
import type { Classification, PatternMatch } from '../../patterns/types.js';
import type { GlobalArgs } from '../options.js';

interface ClassifyArgs extends GlobalArgs {
  file: string;
  json: boolean;
  patterns?: string[];
  disable?: string[];
}

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

export const classifyCommand: CommandModule<GlobalArgs, ClassifyArgs> = {
  command: 'classify [file]',
  describe: 'Classify the output of a failed run (a log file, or - for stdin): root-cause class, deciding line, hint',
  builder: (y: Argv<GlobalArgs>) => y
    .positional('file', { type: 'string', default: '-', describe: 'Log file to classify; - reads stdin' })
    .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object: {primary, matches}' })
    .option('patterns', { type: 'string', array: true, describe: 'Extra pattern pack files (YAML/JSON); their ids override built-in ones' })
    .option('disable', { type: 'string', array: true, describe: 'Pattern ids to switch off' }) as unknown as Argv<ClassifyArgs>,
  handler: async (args: ArgumentsCamelCase<ClassifyArgs>) => {
    const classification = await classifyInput({ file: args.file, patterns: args.patterns, disable: args.disable });
    process.stdout.write(args.json ? `${JSON.stringify(toClassifyJson(classification))}\n` : formatClassification(classification));
  },
};

export async function classifyInput(options: ClassifyInputOptions): Promise<Classification> {
  const stdin = options.stdin ?? process.stdin;
  if (options.file === '-' && (stdin as { isTTY?: boolean }).isTTY === true) {
    // Reading a terminal would wait for input nobody means to type.
    throw new UsageError('classify reads a log: give a file (etl-cycle classify run.log) or pipe output into it (... | etl-cycle classify)');
  }
  const catalogue = await loadCatalogue({ packs: options.patterns, disable: options.disable });
  // classify cannot know whether the run failed; a failure whose output matched nothing is simply "no match".
  const result = options.file === '-'
    ? await classifyStream(catalogue, stdin)
    : await classifyFile(catalogue, options.file);
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
  const lines = [
    `${main.class}  (${main.pattern})`,
    `  line ${main.line}: ${shorten(main.text)}`,
    `  hint: ${main.hint}`,
  ];
  const others = classification.matches.filter((m) => m !== main);
  if (others.length > 0) lines.push(`${others.length} other match${others.length === 1 ? '' : 'es'}: ${countByClass(others)} (--json lists them)`);
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
