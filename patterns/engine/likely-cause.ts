/**
 * The lines that most likely explain a failure no pattern knew: the last lines of the output
 * that say they are errors, else the last lines with error words, else where the output ended.
 * A program that fails usually says why last, just before it exits, so the end of each stream
 * (output-tail.ts) is where to look.
 */
import { errorLook } from './error-lines.js';
import { normalizeLine } from './normalize-line.js';
import type { TailLine } from './output-tail.js';
import type { CauseLine, OutputSource } from '../types.js';

export const MAX_CAUSE_LINES = 3;
const CAUSE_CHARS = 500;

export interface LikelyCauseOptions {
  /** Fall back to the last lines when none looks like an error (for a run known to have failed). */
  lastLines: boolean;
}

export function likelyCauseLines(
  tails: readonly { source: OutputSource; lines: readonly TailLine[] }[],
  options: LikelyCauseOptions,
): CauseLine[] {
  const fatal: CauseLine[] = [];
  const errorish: CauseLine[] = [];
  let lastLines: CauseLine[] = [];
  for (const { source, lines } of tails) {
    const nonBlank: CauseLine[] = [];
    for (const tail of lines) {
      const text = normalizeLine(tail.text).trim();
      if (text.length === 0) continue;
      const cut = text.length > CAUSE_CHARS ? `${text.slice(0, CAUSE_CHARS - 3)}...` : text;
      const look = errorLook(text);
      const entry = { source, line: tail.line, text: cut };
      if (look === 'fatal') fatal.push({ ...entry, look });
      else if (look === 'errorish') errorish.push({ ...entry, look });
      nonBlank.push({ ...entry, look: 'last_line' });
    }
    if (nonBlank.length > 0) lastLines = nonBlank;
  }
  const chosen = fatal.length > 0 ? fatal : errorish.length > 0 ? errorish : options.lastLines ? lastLines : [];
  return chosen.slice(-MAX_CAUSE_LINES);
}
