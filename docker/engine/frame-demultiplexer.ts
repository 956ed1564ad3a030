/**
 * The Engine API multiplexes stdout and stderr of a non-TTY container (logs, attach, exec) into
 * one stream of frames: an 8-byte header (stream type: 0 stdin, 1 stdout, 2 stderr; three zero
 * bytes; payload size, big-endian uint32) followed by the payload. Frames split across chunks
 * arbitrarily, so the decoder buffers until a whole frame is there.
 */
import type { OutputStream } from './engine-client.js';

const HEADER_BYTES = 8;

export class FrameDemultiplexer {
  private pending: Buffer = Buffer.alloc(0);
  /** Set once a header is not a frame header: the stream was not multiplexed after all. */
  private raw = false;

  constructor(private readonly onFrame: (stream: OutputStream, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    if (this.raw) {
      this.onFrame('stdout', chunk);
      return;
    }
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= HEADER_BYTES) {
      const type = this.pending[0];
      if ((type !== 0 && type !== 1 && type !== 2) || this.pending[1] !== 0 || this.pending[2] !== 0 || this.pending[3] !== 0) {
        // A TTY stream reached us as multiplexed (the caller guessed wrong): pass it through
        // as it is rather than dropping output the user needs to see.
        this.raw = true;
        const rest = this.pending;
        this.pending = Buffer.alloc(0);
        this.onFrame('stdout', rest);
        return;
      }
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER_BYTES + size) return;
      const payload = this.pending.subarray(HEADER_BYTES, HEADER_BYTES + size);
      this.pending = this.pending.subarray(HEADER_BYTES + size);
      if (size > 0) this.onFrame(type === 2 ? 'stderr' : 'stdout', payload);
    }
  }

  /** Called when the stream ends: a truncated last frame (the stream was cut) still carries output worth showing. */
  end(): void {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    if (rest.length > HEADER_BYTES) this.onFrame(rest[0] === 2 ? 'stderr' : 'stdout', rest.subarray(HEADER_BYTES));
  }
}

/** A whole multiplexed buffer (a non-following logs answer) as text, streams interleaved. */
export function demultiplexToText(buffer: Buffer): string {
  const parts: Buffer[] = [];
  const demux = new FrameDemultiplexer((_stream, payload) => parts.push(payload));
  demux.push(buffer);
  demux.end();
  return Buffer.concat(parts).toString('utf8');
}
