/**
 * A log file that never grows past `maxBytes` (logs.max_size): the first quarter of the budget
 * holds the head of the output, the rest its tail — the end of a failing run is what explains
 * it — and a marker line between them says how much was cut. Memory stays flat whatever a child
 * prints: the tail is written to disk as it comes, in segment files beside the log (`<log>.tail-N`,
 * each at most the tail budget; the oldest is deleted once two newer exist), and joined to the
 * log when it is closed. While the run goes on, the log itself ends with a line naming them.
 *
 * Writes are whole lines (the output router hands them over that way), so the head, the marker
 * and the tail each start at a line boundary.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { formatByteSize } from '../core/byte-size.js';
import { openLogFile } from './open-log-file.js';
import type { LogFile } from './open-log-file.js';

/** Share of the budget for the head; the tail, which diagnoses a failure, gets the rest. */
const HEAD_SHARE = 0.25;

interface Segment {
  file: string;
  stream: WriteStream;
  closed: Promise<void>;
  bytes: number;
  lines: number;
  failed: boolean;
}

export interface CapSummary {
  /** Bytes and lines left out of the log (0 when it stayed under the cap). */
  cutBytes: number;
  cutLines: number;
}

export interface CappedLogFile extends LogFile {
  /** What was cut, once closed. */
  summary(): CapSummary;
}

export async function openCappedLogFile(path: string, maxBytes: number): Promise<CappedLogFile> {
  const main = await openLogFile(path);
  const headBudget = Math.floor(maxBytes * HEAD_SHARE);
  const tailBudget = maxBytes - headBudget;
  let headLeft = headBudget;
  let tailing = false;
  let index = 0;
  const segments: Segment[] = [];
  const waiting = new Set<() => void>();
  let tailBytes = 0;
  let tailLines = 0;
  const cut: CapSummary = { cutBytes: 0, cutLines: 0 };

  const openSegment = (): Segment => {
    const file = `${path}.tail-${index}`;
    index += 1;
    const stream = createWriteStream(file, { flags: 'w' });
    const segment: Segment = { file, stream, bytes: 0, lines: 0, failed: false, closed: Promise.resolve() };
    segment.closed = new Promise((resolve) => stream.once('close', () => resolve()));
    // A failing disk must not fail the run it records: the tail is lost, the run goes on.
    stream.on('error', () => {
      segment.failed = true;
      releaseWaiting();
    });
    return segment;
  };
  const releaseWaiting = (): void => {
    for (const listener of waiting) listener();
    waiting.clear();
  };
  const current = (): Segment | undefined => segments[segments.length - 1];

  const rotate = (): Segment => {
    current()?.stream.end();
    // Listeners waiting for the old segment to drain would wait for ever: let them go on.
    releaseWaiting();
    const segment = openSegment();
    segments.push(segment);
    if (segments.length > 2) {
      const old = segments.shift()!;
      void old.closed.then(() => rm(old.file, { force: true }));
    }
    return segment;
  };

  return {
    write(chunk) {
      const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      if (!tailing) {
        if (size <= headLeft) {
          headLeft -= size;
          return main.write(chunk);
        }
        tailing = true;
        main.write(
          `… etl-cycle: this log reached ${formatByteSize(headBudget - headLeft)}; the output goes on in ${basename(path)}.tail-* and its last ${formatByteSize(tailBudget)} are joined here when it ends …\n`,
        );
      }
      let segment = current();
      if (!segment || (segment.bytes > 0 && segment.bytes + size > tailBudget)) segment = rotate();
      segment.bytes += size;
      segment.lines += countLines(chunk);
      tailBytes += size;
      tailLines += countLines(chunk);
      return segment.failed ? true : segment.stream.write(chunk);
    },
    onDrain(listener) {
      const segment = current();
      if (!tailing || !segment) return main.onDrain(listener);
      if (segment.failed) return listener();
      const once = () => {
        waiting.delete(once);
        segment.stream.off('drain', once);
        listener();
      };
      waiting.add(once);
      segment.stream.once('drain', once);
    },
    async close() {
      if (tailing) await joinTail();
      await main.close();
    },
    summary: () => ({ ...cut }),
  };

  /** Head, marker, the last `tailBudget` bytes (from a line start), then the segments are gone. */
  async function joinTail(): Promise<void> {
    const last = current();
    last?.stream.end();
    await Promise.all(segments.map((s) => s.closed));
    const [previous, latest] = segments.length === 2 ? [segments[0]!, segments[1]!] : [undefined, segments[0]];
    const lost = segments.some((s) => s.failed);
    let keptFromPrevious = { start: 0, bytes: 0, lines: 0 };
    if (previous && latest && !lost) keptFromPrevious = await lineAlignedTail(previous, Math.max(0, tailBudget - latest.bytes));
    const keptBytes = lost ? 0 : keptFromPrevious.bytes + (latest?.bytes ?? 0);
    const keptLines = lost ? 0 : keptFromPrevious.lines + (latest?.lines ?? 0);
    cut.cutBytes = tailBytes - keptBytes;
    cut.cutLines = tailLines - keptLines;
    await write(
      lost
        ? `… etl-cycle: the tail of this output (${formatByteSize(tailBytes)}) could not be kept: writing ${basename(path)}.tail-* failed …\n`
        : cut.cutBytes === 0
          ? `… etl-cycle: the log continues with the rest of the output (nothing was cut) …\n`
          : `… etl-cycle: ${formatByteSize(cut.cutBytes)} (${cut.cutLines} lines) cut here; this log keeps the first ${formatByteSize(headBudget - headLeft)} and the last ${formatByteSize(keptBytes)} of the output (logs.max_size: ${formatByteSize(maxBytes)}) …\n`,
    );
    if (!lost) {
      if (previous && keptFromPrevious.bytes > 0) await copy(previous.file, keptFromPrevious.start);
      if (latest) await copy(latest.file, 0);
    }
    await Promise.all(segments.map((s) => rm(s.file, { force: true })));
  }

  async function write(text: string | Buffer): Promise<void> {
    if (!main.write(text)) await new Promise<void>((resolve) => main.onDrain(resolve));
  }

  async function copy(file: string, start: number): Promise<void> {
    for await (const chunk of createReadStream(file, { start })) await write(chunk as Buffer);
  }
}

/** Where the last `want` bytes of a segment begin, moved forward to the next line start. */
async function lineAlignedTail(segment: Segment, want: number): Promise<{ start: number; bytes: number; lines: number }> {
  if (want <= 0) return { start: segment.bytes, bytes: 0, lines: 0 };
  let start = Math.max(0, segment.bytes - want);
  let lines = 0;
  let aligned = start === 0;
  for await (const chunk of createReadStream(segment.file, { start })) {
    let data = chunk as Buffer;
    if (!aligned) {
      const newline = data.indexOf(0x0a);
      if (newline === -1) {
        start += data.length;
        continue;
      }
      start += newline + 1;
      data = data.subarray(newline + 1);
      aligned = true;
    }
    lines += countLines(data);
  }
  return { start, bytes: segment.bytes - start, lines };
}

function countLines(chunk: string | Buffer): number {
  let count = 0;
  if (typeof chunk === 'string') {
    for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) count += 1;
  } else {
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) count += 1;
  }
  return count;
}
