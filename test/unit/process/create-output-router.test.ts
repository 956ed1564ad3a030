import { describe, expect, it } from 'vitest';
import { processMasker } from '../../../core/secret-masker.js';
import { createOutputRouter } from '../../../process/create-output-router.js';
import type { LogFile } from '../../../process/open-log-file.js';

type Seen = [stream: string, text: string];

function memoryLog(accept = true): LogFile & { written: Buffer[] } {
  const written: Buffer[] = [];
  return {
    written,
    write: (chunk) => {
      written.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      return accept;
    },
    onDrain: (listener) => listener(),
    close: async () => {},
  };
}

function route(options: { maxBufferBytes?: number; logFile?: LogFile } = {}) {
  const lines: Seen[] = [];
  const chunks: Seen[] = [];
  const errors: unknown[] = [];
  const router = createOutputRouter({
    maxBufferBytes: options.maxBufferBytes ?? 1024,
    onLine: (stream, line) => lines.push([stream, line]),
    onOutput: (stream, text) => chunks.push([stream, text]),
    logFile: options.logFile,
    onCallbackError: (error) => errors.push(error),
  });
  return { router, lines, chunks, errors };
}

describe('createOutputRouter', () => {
  it('decodes a UTF-8 character split across two chunks once, whole', () => {
    const { router, lines, chunks } = route();
    const euro = Buffer.from('€\n'); // e2 82 ac 0a
    router.write('stdout', euro.subarray(0, 1));
    router.write('stdout', euro.subarray(1, 3));
    router.write('stdout', euro.subarray(3));
    router.end('stdout');
    expect(chunks.map(([, text]) => text).join('')).toBe('€\n');
    expect(lines).toEqual([['stdout', '€']]);
  });

  it('keeps one decoder and one pending line per stream', () => {
    const { router, lines } = route();
    router.write('stdout', Buffer.from('out-a'));
    router.write('stderr', Buffer.from('err-a'));
    router.write('stdout', Buffer.from('-b\n'));
    router.write('stderr', Buffer.from('-b\n'));
    expect(lines).toEqual([
      ['stdout', 'out-a-b'],
      ['stderr', 'err-a-b'],
    ]);
  });

  it('flushes the last line without newline when the stream ends', () => {
    const { router, lines } = route();
    router.write('stderr', Buffer.from('fatal: no newline'));
    expect(lines).toEqual([]);
    router.end('stderr');
    expect(lines).toEqual([['stderr', 'fatal: no newline']]);
  });

  it('an incomplete character at the end becomes a replacement character, not lost output', () => {
    const { router, lines } = route();
    router.write('stdout', Buffer.from([0x61, 0xe2, 0x82]));
    router.end('stdout');
    expect(lines).toEqual([['stdout', 'a\uFFFD']]);
  });

  it('writes whole decoded lines to the log file and reports its backpressure', () => {
    const log = memoryLog(false);
    const { router } = route({ logFile: log });
    expect(router.write('stdout', Buffer.from('half'))).toBe(true);
    expect(log.written).toHaveLength(0);
    expect(router.write('stdout', Buffer.from([0x20, 0xff, 0x0a]))).toBe(false);
    expect(Buffer.concat(log.written).toString()).toBe('half \ufffd\n');
  });

  it('masks secrets in the log, also one split across two reads, while onLine gets the line as printed', () => {
    processMasker.add('hunter2-secret');
    const log = memoryLog();
    const { router, lines } = route({ logFile: log });
    router.write('stdout', Buffer.from('password is hunt'));
    router.write('stdout', Buffer.from('er2-secret; url postgres://etl:pw@db/x\n'));
    router.end('stdout');
    expect(Buffer.concat(log.written).toString()).toBe('password is ***; url postgres://etl:***@db/x\n');
    expect(lines).toEqual([['stdout', 'password is hunter2-secret; url postgres://etl:pw@db/x']]);
    processMasker.clear();
  });

  it('writeText goes everywhere output goes (tail, log, callbacks)', () => {
    const log = memoryLog();
    const { router, lines } = route({ logFile: log });
    router.writeText('stderr', 'spawn x ENOENT\n');
    expect(lines).toEqual([['stderr', 'spawn x ENOENT']]);
    expect(router.tail()).toBe('spawn x ENOENT\n');
    expect(Buffer.concat(log.written).toString()).toBe('spawn x ENOENT\n');
  });

  it('a throwing callback is reported once and not called again; the tail keeps filling', () => {
    const errors: unknown[] = [];
    let calls = 0;
    const router = createOutputRouter({
      maxBufferBytes: 1024,
      onLine: () => {
        calls += 1;
        throw new Error('boom');
      },
      onOutput: undefined,
      logFile: undefined,
      onCallbackError: (error) => errors.push(error),
    });
    router.write('stdout', Buffer.from('a\nb\n'));
    router.write('stdout', Buffer.from('c\n'));
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
    expect((router.callbackError()?.error as Error).message).toBe('boom');
    expect(router.tail()).toBe('a\nb\nc\n');
  });
});
