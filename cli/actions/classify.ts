/**
 * What `etl-cycle classify` does: the classifier on its own, for a log at hand. Loaded lazily
 * by cli/commands/classify.ts.
 */
import type { Readable } from 'node:stream';
import type { FailureClass } from '../../core/error-classes.js';
import { UsageError } from '../../core/errors.js';
import { classifyFile, classifyStream } from '../../patterns/engine/classify-stream.js';
import { loadCatalogue } from '../../patterns/load-catalogue.js';
import type { Suggestion } from '../../patterns/suggest/render-suggestion.js';
import type { CauseLine, Classification, PatternMatch, SuspiciousSuccess } from '../../patterns/types.js';

export interface ClassifyInputOptions {
  /** A file path, or `-` for `stdin`. */
  file: string;
  /** Extra pattern packs (override built-in patterns by id). */
  patterns?: string[];
  disable?: string[];
  /** How the run that printed the log ended; undefined when not known. */
  exitCode?: number;
  stdin?: Readable;
}

/**
 * What `classify --json` prints. `primary` is the root cause of what matched: null when no
 * pattern decided (or, with `--exit-code 0`, because the run did not fail), `unknown` when
 * `--exit-code` says the run failed and nothing explains it. The other keys appear only when
 * they have something to say.
 */
export interface ClassifyJson {
  primary: FailureClass | null;
  matches: {
    class: string;
    pattern: string;
    line: number;
    text: string;
    captures: Record<string, string>;
    standing?: PatternMatch['standing'];
    evidence?: { line: number; text: string };
  }[];
  suspicious_success?: { source: string; line: number; last_line: number; text: string; class?: string; pattern?: string };
  likely_cause?: CauseLine[];
  /** With --suggest: a pattern for the likely cause (`{ pack, pattern, yaml }`), or `{ none: why }`. */
  suggestion?: Suggestion | { none: string };
}

export interface RunClassifyOptions {
  file: string;
  /** The raw `--exit-code` value (checked here: the command definitions import no errors). */
  exitCode?: unknown;
  json: boolean;
  suggest: boolean;
  patterns?: string[];
  disable?: string[];
}

/** The whole command: what it prints. */
export async function runClassify(options: RunClassifyOptions): Promise<string> {
  const exitCode = parseExitCode(options.exitCode);
  const classification = await classifyInput({
    file: options.file,
    patterns: options.patterns,
    disable: options.disable,
    ...(exitCode === undefined ? {} : { exitCode }),
  });
  const suggestion = options.suggest ? await suggestFor(classification) : undefined;
  if (options.json) {
    const json = toClassifyJson(classification);
    if (suggestion !== undefined) json.suggestion = typeof suggestion === 'string' ? { none: suggestion } : suggestion;
    return `${JSON.stringify(json)}\n`;
  }
  const text = formatClassification(classification, exitCode === undefined ? {} : { exitCode });
  if (suggestion === undefined) return text;
  return typeof suggestion === 'string'
    ? `${text}suggest: ${suggestion}\n`
    : `${text}suggested pattern for a pack of yours:\n${suggestion.yaml}`;
}

/**
 * A pattern for the likely cause line of a failure nothing matched, or why there is none. The
 * suggestion code (with yaml and the pack checks) is loaded only here.
 */
async function suggestFor(classification: Classification): Promise<Suggestion | string> {
  if (classification.primaryMatch) return `a pattern already decided (${classification.primaryMatch.pattern}): nothing to suggest`;
  const line = pickCauseLine(classification.likelyCause ?? []);
  if (line === undefined) return 'nothing in the output looks like an error: nothing to suggest';
  const { renderSuggestion } = await import('../../patterns/suggest/render-suggestion.js');
  return renderSuggestion(line.text);
}

/** The last line that says it is an error, else the last with error words, else the last line. */
function pickCauseLine(lines: readonly CauseLine[]): CauseLine | undefined {
  for (const look of ['fatal', 'errorish', 'last_line'] as const) {
    const found = lines.filter((l) => l.look === look);
    if (found.length > 0) return found[found.length - 1];
  }
  return undefined;
}

/** `--exit-code`: a whole number 0-255 (what a process can exit with), or absent. */
export function parseExitCode(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = String(Array.isArray(value) ? value[value.length - 1] : value).trim();
  if (!/^\d{1,3}$/.test(text) || Number(text) > 255) {
    throw new UsageError(`classify: --exit-code must be a whole number from 0 to 255 (the run's exit status), got "${text}"`);
  }
  return Number(text);
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
  const how = options.exitCode === undefined ? {} : { exitCode: options.exitCode };
  const result = options.file === '-' ? await classifyStream(catalogue, stdin, how) : await classifyFile(catalogue, options.file, how);
  // Without an exit code classify cannot know the run failed: a failure whose output matched nothing is simply "no match".
  if (result.primary === 'unknown' && options.exitCode === undefined) return { ...result, primary: null };
  return result;
}

export function toClassifyJson(classification: Classification): ClassifyJson {
  const json: ClassifyJson = {
    primary: classification.primary,
    matches: classification.matches.map((m) => ({
      class: m.class,
      pattern: m.pattern,
      line: m.line,
      text: m.text,
      captures: m.captures,
      ...(m.standing ? { standing: m.standing } : {}),
      ...(m.evidence ? { evidence: m.evidence } : {}),
    })),
  };
  const suspicious = classification.suspiciousSuccess;
  if (suspicious) json.suspicious_success = suspiciousJson(suspicious);
  if (classification.likelyCause && classification.likelyCause.length > 0) json.likely_cause = classification.likelyCause;
  return json;
}

function suspiciousJson(s: SuspiciousSuccess): NonNullable<ClassifyJson['suspicious_success']> {
  return {
    source: s.source,
    line: s.line,
    last_line: s.lastLine,
    text: s.text,
    ...(s.class ? { class: s.class } : {}),
    ...(s.pattern ? { pattern: s.pattern } : {}),
  };
}

/** The human summary: the root cause, where it was decided, what to do, what recovered, and how much else matched. */
export function formatClassification(classification: Classification, how: { exitCode?: number } = {}): string {
  const main = classification.primaryMatch;
  const lines: string[] = [];
  if (main) {
    lines.push(`${main.class}  (${main.pattern})`, `  line ${main.line}: ${shorten(main.text)}`, `  hint: ${main.hint}`);
    if (main.standing) lines.push(`  (${describeStanding(main)}: nothing else explains the failure)`);
  } else if (classification.primary === 'unknown') {
    lines.push('unknown: the run failed and no known failure pattern matched');
  } else if (how.exitCode === 0) {
    lines.push('no failure: the run exited 0');
  } else {
    lines.push(
      classification.matches.length > 0 && noneDecisive(classification)
        ? 'no failure found: what matched was recovered, a note or passing test output'
        : 'no known failure pattern matched',
    );
  }
  const suspicious = classification.suspiciousSuccess;
  if (suspicious) {
    const where = suspicious.line === suspicious.lastLine ? `line ${suspicious.line}` : `lines ${suspicious.line}-${suspicious.lastLine}`;
    lines.push(
      `suspicious success: the run exited 0 but its output ends in a fatal error${suspicious.class ? ` (${suspicious.class})` : ''}`,
      `  ${where}: ${shorten(suspicious.text)}`,
    );
  }
  if (classification.likelyCause && classification.likelyCause.length > 0) {
    lines.push('likely cause:', ...classification.likelyCause.map((c) => `  line ${c.line}: ${shorten(c.text)}`));
  }
  const recovered = onePerLine(
    classification.matches.filter((m) => m !== main && (m.standing === 'recovered' || m.standing === 'passing_test')),
  );
  for (const m of recovered.slice(0, MAX_RECOVERED_SHOWN)) {
    lines.push(
      `${describeStanding(m)}: ${m.class} at line ${m.line}${m.evidence ? ` (line ${m.evidence.line}: ${shorten(m.evidence.text, 80)})` : ''}`,
    );
  }
  if (recovered.length > MAX_RECOVERED_SHOWN) lines.push(`... and ${recovered.length - MAX_RECOVERED_SHOWN} more recovered or passing`);
  const notes = classification.matches.filter(
    (m) => m !== main && (m.standing === 'notice' || m.standing === 'warning' || m.standing === 'echo'),
  );
  if (notes.length > 0)
    lines.push(`notes: ${countBy(notes, (m) => `${m.standing} ${m.class}`)} (warnings, notices and echoed commands are not failures)`);
  const others = classification.matches.filter((m) => m !== main && m.standing === undefined);
  if (others.length > 0) {
    const what = main ? 'other match' : 'match';
    lines.push(`${others.length} ${what}${others.length === 1 ? '' : 'es'}: ${countBy(others, (m) => m.class)} (--json lists them)`);
  }
  return `${lines.join('\n')}\n`;
}

const MAX_RECOVERED_SHOWN = 5;

/** Several patterns may know the same line: one entry per source line and class is enough for people. */
function onePerLine(matches: readonly PatternMatch[]): PatternMatch[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = `${m.source ?? ''}:${m.line}:${m.class}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function noneDecisive(classification: Classification): boolean {
  return classification.matches.every((m) => m.standing !== undefined);
}

function describeStanding(match: PatternMatch): string {
  switch (match.standing) {
    case 'recovered':
      return 'recovered';
    case 'passing_test':
      return 'in passing test output';
    case 'notice':
      return 'a notice';
    case 'echo':
      return 'an echoed command or table row';
    case 'warning':
      return 'a warning';
    default:
      return 'decisive';
  }
}

function countBy(matches: readonly PatternMatch[], key: (m: PatternMatch) => string): string {
  const counts = new Map<string, number>();
  for (const m of matches) counts.set(key(m), (counts.get(key(m)) ?? 0) + 1);
  return [...counts].map(([name, n]) => `${name} ×${n}`).join(', ');
}

function shorten(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
