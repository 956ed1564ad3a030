/**
 * One chunk of a stream, as the classifier walks it: text from `write`, or raw UTF-8 bytes
 * from `writeBytes`. Positions are character offsets in text and byte offsets in bytes; the
 * classifier never needs to know which. Bytes are only decoded for the lines that are matched
 * (and seen as latin1 text, one character per byte, if the regex scan must run over them).
 */
import { MAX_LINE_CHARS } from './normalize-line.js';

export interface OutputChunk {
  readonly length: number;
  /** The bytes, for the bigram scanner; undefined for text. */
  readonly bytes: Buffer | undefined;
  /** The chunk as text for the regex scan (bytes as latin1, built on first use). */
  text(): string;
  indexOfNewline(from: number): number;
  /** Start of the line holding `at`. */
  lineStartAt(at: number): number;
  countNewlines(from: number, to: number): number;
  /** Whether the line starting at `at` continues a stack trace (indented, `Caused by:`, `Suppressed:`). */
  continuesTrace(at: number): boolean;
  /** Whether [from, to) holds an ESC or a C1 CSI (escape sequences). */
  hasControls(from: number, to: number): boolean;
  /** The line [start, end) as text, at most MAX_LINE_CHARS of it. */
  line(start: number, end: number): string;
  /** [from, to) in the carry's form: text, or bytes as latin1. */
  carryPart(from: number, to: number): string;
}

const CAUSED_BY = 'Caused by:';
const SUPPRESSED = 'Suppressed:';

export class TextChunk implements OutputChunk {
  readonly bytes = undefined;
  constructor(private readonly chunk: string) {}
  get length(): number {
    return this.chunk.length;
  }
  text(): string {
    return this.chunk;
  }
  indexOfNewline(from: number): number {
    return this.chunk.indexOf('\n', from);
  }
  lineStartAt(at: number): number {
    return at === 0 ? 0 : this.chunk.lastIndexOf('\n', at - 1) + 1;
  }
  countNewlines(from: number, to: number): number {
    let count = 0;
    for (let at = this.chunk.indexOf('\n', from); at !== -1 && at < to; at = this.chunk.indexOf('\n', at + 1)) count += 1;
    return count;
  }
  continuesTrace(at: number): boolean {
    return isTraceContinuation(this.chunk, at);
  }
  hasControls(from: number, to: number): boolean {
    return before(this.chunk.indexOf('\u001b', from), to) || before(this.chunk.indexOf('\u009b', from), to);
  }
  line(start: number, end: number): string {
    return this.chunk.slice(start, end);
  }
  carryPart(from: number, to: number): string {
    return this.chunk.slice(from, to);
  }
}

/** A C1 CSI (U+009B) in UTF-8. */
const CSI_UTF8 = Buffer.from([0xc2, 0x9b]);
const NEWLINE = 0x0a;

export class ByteChunk implements OutputChunk {
  private latin1: string | undefined;
  constructor(readonly bytes: Buffer) {}
  get length(): number {
    return this.bytes.length;
  }
  text(): string {
    this.latin1 ??= this.bytes.toString('latin1');
    return this.latin1;
  }
  indexOfNewline(from: number): number {
    return this.bytes.indexOf(NEWLINE, from);
  }
  lineStartAt(at: number): number {
    return at === 0 ? 0 : this.bytes.lastIndexOf(NEWLINE, at - 1) + 1;
  }
  countNewlines(from: number, to: number): number {
    let count = 0;
    for (let at = this.bytes.indexOf(NEWLINE, from); at !== -1 && at < to; at = this.bytes.indexOf(NEWLINE, at + 1)) count += 1;
    return count;
  }
  continuesTrace(at: number): boolean {
    const first = this.bytes[at];
    return first === 0x20 || first === 0x09 || startsWithAscii(this.bytes, at, CAUSED_BY) || startsWithAscii(this.bytes, at, SUPPRESSED);
  }
  hasControls(from: number, to: number): boolean {
    return before(this.bytes.indexOf(0x1b, from), to) || before(this.bytes.indexOf(CSI_UTF8, from), to);
  }
  line(start: number, end: number): string {
    return this.bytes.toString('utf8', start, Math.min(end, start + MAX_LINE_CHARS));
  }
  carryPart(from: number, to: number): string {
    return this.bytes.toString('latin1', from, to);
  }
}

/** Indented lines and `Caused by:`/`Suppressed:` lines continue a trace (Java frames, PSQLException details, ...). */
export function isTraceContinuation(text: string, at: number): boolean {
  const first = text.charCodeAt(at);
  return first === 0x20 || first === 0x09 || text.startsWith(CAUSED_BY, at) || text.startsWith(SUPPRESSED, at);
}

function startsWithAscii(bytes: Buffer, at: number, prefix: string): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i += 1) {
    if (bytes[at + i] !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

function before(index: number, end: number): boolean {
  return index !== -1 && index < end;
}
