/**
 * The last lines of one source, with their line numbers: what an unmatched failure or a
 * suspicious success is judged from. A fixed ring, so memory stays bounded whatever the
 * stream's length; lines are kept as copies (never views into a chunk) and cut to
 * TAIL_LINE_CHARS.
 */
import { detachString } from './detach-string.js';

export const TAIL_LINES = 100;
const TAIL_LINE_CHARS = 1000;

export interface TailLine {
  /** 1-based line number within the source. */
  line: number;
  /** The raw line (not normalized), at most TAIL_LINE_CHARS. */
  text: string;
}

export class OutputTail {
  private readonly ring: (TailLine | undefined)[] = new Array<TailLine | undefined>(TAIL_LINES);
  private next = 0;
  private size = 0;

  push(line: number, text: string): void {
    this.ring[this.next] = { line, text: detachString(text.length > TAIL_LINE_CHARS ? text.slice(0, TAIL_LINE_CHARS) : text) };
    this.next = (this.next + 1) % TAIL_LINES;
    this.size = Math.min(this.size + 1, TAIL_LINES);
  }

  /** Oldest first. */
  lines(): TailLine[] {
    const out: TailLine[] = [];
    for (let i = 0; i < this.size; i += 1) {
      const item = this.ring[(this.next - this.size + i + TAIL_LINES) % TAIL_LINES];
      if (item) out.push(item);
    }
    return out;
  }
}
