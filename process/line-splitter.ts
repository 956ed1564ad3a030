/**
 * Turns decoded text chunks of one stream into complete lines. Chunks end anywhere (mid-line,
 * between `\r` and `\n`), so the unfinished part waits for the next chunk; `flush` hands out
 * a last line that had no newline. A line that never ends (a progress bar redrawn with `\r`,
 * a binary dump) is cut every `maxLineLength` characters so a chatty process cannot grow
 * memory here.
 */
export class LineSplitter {
  private pending = '';

  constructor(private readonly maxLineLength: number) {}

  /** Complete lines in `text` (after what was pending), without their `\n` or `\r\n`. */
  push(text: string): string[] {
    const buffered = this.pending + text;
    const lines: string[] = [];
    let start = 0;
    for (let newline = buffered.indexOf('\n'); newline !== -1; newline = buffered.indexOf('\n', start)) {
      this.cut(stripCarriageReturn(buffered.slice(start, newline)), lines);
      start = newline + 1;
    }
    // A trailing `\r` stays pending with the rest: it may be the first half of a `\r\n`.
    let rest = buffered.slice(start);
    while (rest.length > this.maxLineLength) {
      const end = safeCutIndex(rest, this.maxLineLength);
      lines.push(rest.slice(0, end));
      rest = rest.slice(end);
    }
    this.pending = rest;
    return lines;
  }

  /** The last line when the stream ended without a newline. */
  flush(): string | undefined {
    const rest = stripCarriageReturn(this.pending);
    this.pending = '';
    return rest === '' ? undefined : rest;
  }

  private cut(line: string, into: string[]): void {
    let rest = line;
    while (rest.length > this.maxLineLength) {
      const end = safeCutIndex(rest, this.maxLineLength);
      into.push(rest.slice(0, end));
      rest = rest.slice(end);
    }
    into.push(rest);
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** `index`, moved back one when it would split a UTF-16 surrogate pair (an emoji, say). */
function safeCutIndex(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  return code >= 0xd800 && code <= 0xdbff && index > 1 ? index - 1 : index;
}
