/**
 * Runs a piece of work inside this process as `runProcess` runs a child: its lines go through
 * the same output router (the log file with secrets masked and capped, the bounded tail,
 * `onLine`), a timeout or an abort stops it, and it ends in the same ProcessResult. The agent
 * runs the built-in orchestrator this way: the tasks are processes of their own anyway, and a
 * second Node.js process per iteration only to schedule them cost about half a second of
 * start-up each time (docs/benchmarks.md).
 *
 * The work must stop when its signal aborts (the orchestrator stops its task trees and writes
 * its report), and resolve with the exit code a process would have had. What it throws is
 * thrown on, after the log file is closed: the caller decides what is a failure and what a bug.
 */
import { createOutputRouter } from './create-output-router.js';
import type { StreamName } from './create-output-router.js';
import { openCappedLogFile } from './capped-log-file.js';
import { DEFAULT_MAX_BUFFER_BYTES } from './normalize-run-options.js';
import { openLogFile } from './open-log-file.js';
import type { ProcessResult, RunProcessOptions } from './types.js';

/** setTimeout fires at once past 2^31-1 ms: a longer timeout is as good as none. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface InProcessRunOptions extends Pick<RunProcessOptions, 'timeoutMs' | 'signal' | 'onLine' | 'logFile' | 'logMaxBytes'> {
  /** What the result and the messages call this work, as a command line would be shown. */
  commandLine: string;
  /** The work: prints whole lines through `print`, stops when `signal` aborts, resolves with its exit code. */
  run(print: (stream: StreamName, line: string) => void, signal: AbortSignal): Promise<number>;
}

/** The reason the work's signal carries when its time ran out. */
export class InProcessTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${Math.round(timeoutMs / 1000)}s`);
    this.name = 'InProcessTimeoutError';
  }
}

export async function runInProcess(options: InProcessRunOptions): Promise<ProcessResult> {
  const startedAt = performance.now();
  const logFile =
    options.logFile === undefined
      ? undefined
      : options.logMaxBytes === undefined
        ? await openLogFile(options.logFile)
        : await openCappedLogFile(options.logFile, options.logMaxBytes);
  const stop = new AbortController();
  const router = createOutputRouter({
    maxBufferBytes: DEFAULT_MAX_BUFFER_BYTES,
    onLine: options.onLine,
    onOutput: undefined,
    logFile,
    // As for a child: a callback that throws stops the work, and its error is what the caller gets.
    onCallbackError: (error) => stop.abort(error),
  });
  const print = (stream: StreamName, line: string): void => router.writeText(stream, `${line}\n`);

  const outer = options.signal;
  const onAbort = (): void => stop.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  const timeoutMs = options.timeoutMs;
  const timer =
    timeoutMs === undefined || !(timeoutMs < MAX_TIMER_MS)
      ? undefined
      : setTimeout(() => stop.abort(new InProcessTimeoutError(timeoutMs)), timeoutMs);
  try {
    const exitCode = await options.run(print, stop.signal);
    router.end('stdout');
    router.end('stderr');
    const thrown = router.callbackError();
    if (thrown) throw thrown.error;
    const timedOut = stop.signal.reason instanceof InProcessTimeoutError;
    const aborted = !timedOut && outer?.aborted === true;
    return {
      // Stopped from outside, a process would have died of its signal: no exit code of its own.
      exitCode: timedOut ? null : exitCode,
      signal: null,
      timedOut,
      aborted,
      durationMs: Math.round(performance.now() - startedAt),
      outputTail: router.tail(),
      success: exitCode === 0 && !timedOut && !aborted,
      commandLine: options.commandLine,
    };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
    await logFile?.close();
  }
}
