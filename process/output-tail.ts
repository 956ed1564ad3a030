/**
 * The last `maxBytes` of a process's combined output, as UTF-8. Orchestrators run for minutes
 * and print megabytes; the failure that matters is near the end, so older chunks are dropped
 * as new ones arrive and memory stays bounded whatever the child prints.
 */
export class OutputTail {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  append(text: string): void {
    if (text === '' || this.maxBytes === 0) return;
    const chunk = Buffer.from(text, 'utf8');
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.bytes > this.maxBytes) {
      const first = this.chunks[0]!;
      const excess = this.bytes - this.maxBytes;
      if (first.length <= excess) {
        this.chunks.shift();
        this.bytes -= first.length;
      } else {
        // Cut the oldest chunk; never start the tail inside a multi-byte character.
        const start = nextCharacterStart(first, excess);
        this.chunks[0] = first.subarray(start);
        this.bytes -= start;
      }
    }
  }

  toString(): string {
    return Buffer.concat(this.chunks, this.bytes).toString('utf8');
  }
}

/** First index at or after `index` that is not a UTF-8 continuation byte (10xxxxxx). */
function nextCharacterStart(buffer: Buffer, index: number): number {
  let start = index;
  while (start < buffer.length && (buffer[start]! & 0xc0) === 0x80) start += 1;
  return start;
}
