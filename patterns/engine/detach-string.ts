/**
 * A copy of `text` that does not share memory with the string it was cut from. V8 represents
 * `slice` results as views into the parent, so a 100-byte line kept from a 10 MB chunk would
 * keep the whole chunk alive; matches and unfinished lines are kept across chunks, so they
 * are detached to keep memory bounded by what is kept, not by what passed through.
 */
export function detachString(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}
