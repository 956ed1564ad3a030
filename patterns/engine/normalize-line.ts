import { stripVTControlCharacters } from 'node:util';

/**
 * Patterns see at most this many characters of a line: enough for any real error message,
 * and it caps what a regex can cost on one line (the ReDoS check accepts at most quadratic
 * regexes, which stay in the milliseconds at this length) and what a huge line can hold.
 */
export const MAX_LINE_CHARS = 8192;

/**
 * A raw line (no `\n`) as patterns see it: the first MAX_LINE_CHARS characters, without a
 * trailing `\r` (CRLF output) and without ANSI/VT control sequences (colored output).
 */
export function normalizeLine(raw: string): string {
  let line = raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw;
  if (line.endsWith('\r')) line = line.slice(0, -1);
  // Stripping allocates a new string: only lines that hold an ESC (or a C1 CSI) need it.
  if (line.includes('\u001b') || line.includes('\u009b')) line = stripVTControlCharacters(line);
  return line;
}
