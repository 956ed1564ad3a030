/**
 * One command through the engine's exec API, to its end: output demultiplexed and decoded as it
 * arrives, exit code from exec inspect, a deadline and an abort signal. The Engine API cannot stop
 * an exec'd process, so on timeout or abort we stop waiting and, when the engine runs on this
 * machine, kill the process ourselves (see killExecProcess).
 */
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../../core/logger.js';
import type { ExecOptions, ExecResult } from '../types.js';
import type { EngineClient, OutputStream } from './engine-client.js';
import { killExecProcess } from './kill-exec-process.js';

/** Exit code reported for a command stopped by its deadline, as GNU `timeout` does. */
export const EXEC_TIMEOUT_EXIT_CODE = 124;
/** Output kept in ExecResult.output (the tail); onOutput still sees everything. */
const MAX_KEPT_OUTPUT = 1024 * 1024;

class ExecDeadline extends Error {}

export async function runExec(
  engine: EngineClient,
  logger: Logger,
  containerId: string,
  command: string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const { signal } = options;
  signal?.throwIfAborted();
  const execId = await engine.createExec(containerId, {
    cmd: command,
    env: options.env && Object.entries(options.env).map(([key, value]) => `${key}=${value}`),
    workingDir: options.workingDir,
    user: options.user,
  });

  let output = '';
  const decoders: Record<OutputStream, StringDecoder> = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const emit = (stream: OutputStream, text: string) => {
    if (!text) return;
    output = (output + text).slice(-MAX_KEPT_OUTPUT);
    options.onOutput?.(stream, text);
  };

  const stopReading = new AbortController();
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => stopReading.abort(new ExecDeadline()), options.timeoutMs);
  const onAbort = () => stopReading.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await engine.startExec(execId, {
      signal: stopReading.signal,
      onOutput: (stream, chunk) => emit(stream, decoders[stream].write(chunk)),
    });
  } catch (error) {
    if (!stopReading.signal.aborted) throw error;
    await killExecProcess(engine, logger, execId, containerId);
    if (stopReading.signal.reason instanceof ExecDeadline) {
      logger.debug('exec timed out', { container: containerId, command, timeoutMs: options.timeoutMs });
      return { exitCode: EXEC_TIMEOUT_EXIT_CODE, output, timedOut: true };
    }
    throw stopReading.signal.reason;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  emit('stdout', decoders.stdout.end());
  emit('stderr', decoders.stderr.end());
  return { exitCode: await exitCodeOf(engine, execId), output, timedOut: false };
}

/** The output can end a moment before the engine records the exit: ask again briefly. */
async function exitCodeOf(engine: EngineClient, execId: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const info = await engine.inspectExec(execId);
    if (!info.running && info.exitCode !== null) return info.exitCode;
    await delay(50);
  }
  const info = await engine.inspectExec(execId);
  return info.exitCode ?? -1;
}
