/**
 * `command:` / `entrypoint:` given as a string, split into arguments with shell-words rules the
 * way Compose does (quotes and backslashes group and escape), but never run through a shell: no
 * variable expansion (interpolation already happened; a `$` left over came from `$$` and stays
 * literal), no globbing, no comments. Shell operators (`|`, `&&`, `;`, `>`, ...) would be passed
 * as literal arguments by Compose and silently do something else than they read, so they are
 * rejected with the fix (`["sh", "-c", "..."]`).
 */
import { parse } from 'shell-quote';

/** The string cannot be split into arguments; the message says why. */
export class CommandSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandSyntaxError';
  }
}

// shell-quote expands `$VAR` and treats `#` as a comment; Compose does neither, so both are
// swapped for private-use characters while parsing and restored afterwards.
const DOLLAR = '\u{E000}';
const HASH = '\u{E001}';

export function splitCommand(text: string): string[] {
  assertQuotesClosed(text);
  const entries = parse(text.replaceAll('$', DOLLAR).replaceAll('#', HASH));
  return entries.map((entry) => {
    if (typeof entry === 'string') return restore(entry);
    if ('op' in entry && entry.op === 'glob') return restore(entry.pattern);
    if ('op' in entry) {
      throw new CommandSyntaxError(
        `contains the shell operator "${entry.op}", but the command does not run in a shell; write it as a list such as ["sh", "-c", ${JSON.stringify(text.trim())}]`,
      );
    }
    // Comments cannot occur: every `#` was swapped out above.
    return restore(entry.comment);
  });
}

function restore(text: string): string {
  return text.replaceAll(DOLLAR, '$').replaceAll(HASH, '#');
}

/** shell-quote drops an unclosed quote silently; Compose refuses the string, and so do we. */
function assertQuotesClosed(text: string): void {
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\\' && quote !== "'") i += 1;
    else if (quote === undefined && (c === '"' || c === "'")) quote = c;
    else if (c === quote) quote = undefined;
  }
  if (quote) throw new CommandSyntaxError(`has an unclosed ${quote === '"' ? 'double' : 'single'} quote`);
}
