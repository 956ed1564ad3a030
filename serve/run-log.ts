/**
 * The log of a run: its console output when the server started it (run-launcher.ts), else the
 * structured log every run writes (`auto_cycle_<id>.log`), in the folder of its report.
 * `followLog` streams what is appended while the run runs, then what is left once it ended.
 */
import { open, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ExecutionSummary } from '../history/types.js';
import { consoleLogName } from './run-launcher.js';

export async function findRunLog(run: Pick<ExecutionSummary, 'id' | 'reportFile'>, logsDir: string): Promise<string | undefined> {
  const dirs = [...new Set([run.reportFile ? dirname(run.reportFile) : logsDir, logsDir])];
  for (const dir of dirs) {
    for (const name of [consoleLogName(run.id), `auto_cycle_${run.id}.log`]) {
      const path = join(dir, name);
      if (
        await stat(path).then(
          (s) => s.isFile(),
          () => false,
        )
      )
        return path;
    }
  }
  return undefined;
}

export interface FollowOptions {
  /** Still running? Asked between polls; once false, the rest of the file is read and the stream ends. */
  isRunning: () => Promise<boolean>;
  signal: AbortSignal;
  pollMs?: number;
  /** The file may appear only after the run started: look for it again until it does. */
  locate: () => Promise<string | undefined>;
}

/** The file's contents in chunks, then whatever is appended, until the run ends or the reader goes away. */
export async function* followLog(options: FollowOptions): AsyncGenerator<string> {
  const pollMs = options.pollMs ?? 250;
  let path: string | undefined;
  let offset = 0;
  let carry = '';
  for (;;) {
    if (options.signal.aborted) return;
    const running = await options.isRunning();
    path ??= await options.locate();
    if (path) {
      const { text, read } = await readFrom(path, offset);
      offset += read;
      // Whole lines only, so an event never splits a line (a multi-byte character neither).
      const lines = (carry + text).split('\n');
      carry = lines.pop() ?? '';
      if (lines.length) yield lines.join('\n');
    }
    if (!running) {
      if (carry) yield carry;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function readFrom(path: string, offset: number): Promise<{ text: string; read: number }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size <= offset) return { text: '', read: 0 };
    const buffer = Buffer.alloc(Math.min(size - offset, 1 << 20));
    const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
    // Stop at the last newline, so a character cut by the chunk's end waits for the next read.
    const end = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1 || bytesRead;
    return { text: buffer.subarray(0, end).toString('utf8'), read: end };
  } finally {
    await file.close();
  }
}
