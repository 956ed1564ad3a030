/**
 * The run's log file: both streams appended raw, in arrival order, so `tail -f` shows what a
 * terminal would have shown. Opened before the child starts so an unwritable path fails the
 * run up front instead of silently losing the output of a ten-minute job.
 */
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { WriteStream } from 'node:fs';
import { ProcessStartError, errorMessage } from '../core/errors.js';

export interface LogFile {
  /** False when the write buffer is full: pause the producer until `onDrain`. */
  write(chunk: Buffer | string): boolean;
  onDrain(listener: () => void): void;
  /** Flush and close; resolves once everything written is on disk (or writing failed). */
  close(): Promise<void>;
}

export async function openLogFile(path: string): Promise<LogFile> {
  let stream: WriteStream;
  try {
    await mkdir(dirname(path), { recursive: true });
    stream = (await open(path, 'a')).createWriteStream();
  } catch (error) {
    throw new ProcessStartError(`cannot open log file ${path}: ${errorMessage(error)}`, {
      cause: error,
      hint: 'check that the logs folder is writable',
    });
  }
  let failed = false;
  const waiting = new Set<() => void>();
  // A failing disk (ENOSPC mid-run) must not crash the run it is recording: stop logging, keep
  // streaming to the callbacks and the tail, and release whoever waits for a drain that won't come.
  stream.on('error', () => {
    failed = true;
    for (const listener of waiting) listener();
    waiting.clear();
  });
  return {
    write: (chunk) => (failed ? true : stream.write(chunk)),
    onDrain: (listener) => {
      if (failed) {
        listener();
        return;
      }
      const once = () => {
        waiting.delete(once);
        stream.off('drain', once);
        listener();
      };
      waiting.add(once);
      stream.on('drain', once);
    },
    close: () =>
      new Promise((resolve) => {
        if (failed || stream.closed) {
          resolve();
          return;
        }
        stream.once('close', () => resolve());
        stream.end();
      }),
  };
}
