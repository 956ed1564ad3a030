/**
 * A run that exited 0 but whose output ends in a fatal error: an `ERROR:` line as the last
 * thing it printed, or a traceback / stack trace that runs to the end. Such a run often did
 * not do its work (a script that swallowed its exit code, `cmd || true`, a wrapper that always
 * exits 0), so the report says so and a config switch may fail it.
 *
 * Strict on purpose: the fatal line must be the last non-blank line, or the last line must
 * continue a trace (frames, `Caused by:`) whose head is fatal. Anything printed after the error
 * (a summary, "done") means the program went on, and is not flagged.
 */
import { continuesErrorBlock, errorLook } from './error-lines.js';
import { normalizeLine } from './normalize-line.js';
import type { TailLine } from './output-tail.js';
import { outcomeMarker } from './outcome-markers.js';

export interface FatalEnding {
  /** First line of the ending (the traceback's header, or the error line itself). */
  line: number;
  lastLine: number;
  /** The last fatal line of the ending (the exception line of a Python traceback, the error line). */
  text: string;
}

export function findFatalEnding(tail: readonly TailLine[]): FatalEnding | undefined {
  const lines = tail.map((t) => ({ line: t.line, text: normalizeLine(t.text) })).filter((t) => t.text.trim().length > 0);
  const last = lines[lines.length - 1];
  if (!last || outcomeMarker(last.text) === 'success') return undefined;
  // Walk up over the lines of one error block (frames, Caused by:, a Python traceback's body).
  let start = lines.length - 1;
  let fatalText: string | undefined = errorLook(last.text) === 'fatal' ? last.text : undefined;
  while (start > 0) {
    const current = lines[start] as { line: number; text: string };
    const above = lines[start - 1] as { line: number; text: string };
    if (!continuesErrorBlock(current.text) && !isPythonExceptionLine(current.text, above.text)) break;
    start -= 1;
    fatalText ??= errorLook(above.text) === 'fatal' ? above.text : undefined;
  }
  const head = lines[start] as { line: number; text: string };
  if (fatalText === undefined || errorLook(head.text) !== 'fatal') return undefined;
  return { line: head.line, lastLine: last.line, text: fatalText };
}

/** A Python traceback's last line (`ValueError: bad`) follows the indented source line of the innermost frame. */
function isPythonExceptionLine(line: string, above: string): boolean {
  return /^\s{2,}\S/.test(above) && /^(?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception|Warning|Exit|Interrupt)\b/.test(line);
}
