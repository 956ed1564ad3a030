/**
 * runInProcess: work inside this process ends in the same ProcessResult a child would — its
 * lines in the log file (masked) and the tail, a timeout or an abort stopping it through its
 * signal, a throwing callback stopping it and surfacing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processMasker } from '../../../core/secret-masker.js';
import { runInProcess } from '../../../process/run-in-process.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etl-cycle-in-process-'));
});
afterEach(async () => {
  processMasker.clear();
  await rm(dir, { recursive: true, force: true });
});

/** Work that waits for its signal (or sees it aborted already) and then ends with `code`, as the orchestrator does. */
const untilStopped = (code: number) => (print: (s: 'stdout' | 'stderr', l: string) => void, signal: AbortSignal) =>
  new Promise<number>((resolve) => {
    print('stdout', 'waiting');
    if (signal.aborted) resolve(code);
    else signal.addEventListener('abort', () => resolve(code), { once: true });
  });

describe('runInProcess', () => {
  it('its lines reach onLine as printed, the log file masked, the tail; exit 0 is a success', async () => {
    processMasker.add('hunter2-secret');
    const logFile = join(dir, 'orchestrator.log');
    const lines: string[] = [];
    const result = await runInProcess({
      commandLine: 'work',
      logFile,
      onLine: (stream, line) => lines.push(`${stream}:${line}`),
      run: async (print) => {
        print('stdout', 'password is hunter2-secret');
        print('stderr', 'warning');
        return 0;
      },
    });
    expect(result).toMatchObject({ exitCode: 0, success: true, timedOut: false, aborted: false, commandLine: 'work', signal: null });
    expect(lines).toEqual(['stdout:password is hunter2-secret', 'stderr:warning']);
    expect(await readFile(logFile, 'utf8')).toBe('password is ***\nwarning\n');
    expect(result.outputTail).toBe('password is hunter2-secret\nwarning\n');
  });

  it('a non-zero exit code is a failure with that code', async () => {
    const result = await runInProcess({ commandLine: 'work', run: async () => 1 });
    expect(result).toMatchObject({ exitCode: 1, success: false, timedOut: false, aborted: false });
  });

  it('the timeout aborts the work: timed out, no exit code of its own', async () => {
    const result = await runInProcess({ commandLine: 'work', timeoutMs: 50, run: untilStopped(130) });
    expect(result).toMatchObject({ exitCode: null, success: false, timedOut: true, aborted: false });
  });

  it('the caller aborting stops the work with the caller’s reason; already aborted, it is stopped at once', async () => {
    const controller = new AbortController();
    let reason: unknown;
    const running = runInProcess({
      commandLine: 'work',
      signal: controller.signal,
      run: (print, signal) => {
        signal.addEventListener('abort', () => (reason = signal.reason), { once: true });
        return untilStopped(143)(print, signal);
      },
    });
    controller.abort('SIGTERM here');
    expect(await running).toMatchObject({ exitCode: 143, success: false, timedOut: false, aborted: true });
    expect(reason).toBe('SIGTERM here');
    const again = await runInProcess({ commandLine: 'work', signal: controller.signal, run: untilStopped(130) });
    expect(again).toMatchObject({ exitCode: 130, aborted: true });
  });

  it('a callback that throws stops the work, and its error is what the caller gets; the log file is closed', async () => {
    const logFile = join(dir, 'orchestrator.log');
    const failing = runInProcess({
      commandLine: 'work',
      logFile,
      onLine: () => {
        throw new Error('renderer broke');
      },
      run: untilStopped(1),
    });
    await expect(failing).rejects.toThrow('renderer broke');
    expect(await readFile(logFile, 'utf8')).toBe('waiting\n');
  });

  it('what the work throws is thrown on', async () => {
    await expect(
      runInProcess({
        commandLine: 'work',
        run: async () => {
          throw new TypeError('a bug');
        },
      }),
    ).rejects.toThrow(TypeError);
  });
});
