/**
 * Runs one command — the user's orchestrator, a validation command, a `run` task — to its end
 * and reports how it ended. It never throws because of the child (non-zero exit, signal,
 * timeout, abort, could not start): the caller classifies the result. It throws only for
 * invalid options, an unwritable log file, or an exception from the caller's own callbacks.
 *
 * The child leads its own process group, so timeout, abort and our own exit stop the whole
 * tree (`npm run x` → sh → node → psql), and background processes it leaves behind when it
 * exits are stopped too: each retry starts from a clean slate instead of piling up strays.
 */
import type { Readable } from 'node:stream';
import type * as ExecaModule from 'execa';
import { createOutputRouter } from './create-output-router.js';
import type { OutputRouter, StreamName } from './create-output-router.js';
import { describeSpawnError } from './describe-spawn-error.js';
import { formatCommandLine } from './format-command-line.js';
import { GroupStopper } from './group-stopper.js';
import { isProcessGroupAlive } from './is-process-group-alive.js';
import { killGroupOnExit } from './kill-group-on-exit.js';
import { normalizeRunOptions } from './normalize-run-options.js';
import { openCappedLogFile } from './capped-log-file.js';
import { openLogFile } from './open-log-file.js';
import type { LogFile } from './open-log-file.js';
import { toSpawnArguments } from './to-spawn-arguments.js';
import type { ProcessResult, RunProcessOptions } from './types.js';

/**
 * After the group is gone, output still in the pipes arrives within milliseconds. Only a
 * process that left our group (setsid, a daemon) can hold a pipe open longer; we stop reading
 * then rather than wait for it forever.
 */
const STREAM_DRAIN_MS = 2_000;

type Execa = (typeof ExecaModule)['execa'];

let execaModule: Promise<typeof ExecaModule> | undefined;

/**
 * execa is some hundred modules: it is loaded on the first run, or ahead of it by this warm-up,
 * which a caller starts while it waits on something else (the agent: while the engine brings the
 * stack up), so a process start-up does not wait for what it does not use yet.
 */
export function preloadProcessRunner(): Promise<typeof ExecaModule> {
  return (execaModule ??= import('execa'));
}

interface ExitStatus {
  exitCode: number | null;
  signal: string | null;
}

export async function runProcess(options: RunProcessOptions): Promise<ProcessResult> {
  const settings = normalizeRunOptions(options);
  const startedAt = performance.now();
  const commandLine = formatCommandLine(settings.command);
  const logFile =
    settings.logFile === undefined
      ? undefined
      : settings.logMaxBytes === undefined
        ? await openLogFile(settings.logFile)
        : await openCappedLogFile(settings.logFile, settings.logMaxBytes);

  const stopper = new GroupStopper(settings.killGraceMs);
  const router = createOutputRouter({
    maxBufferBytes: settings.maxBufferBytes,
    onLine: settings.onLine,
    onOutput: settings.onOutput,
    logFile,
    onCallbackError: () => stopper.stop('callback'),
  });

  const finish = async (status: ExitStatus, extra: { spawnError?: string; abortedEarly?: boolean } = {}): Promise<ProcessResult> => {
    await logFile?.close();
    const thrown = router.callbackError();
    if (thrown) throw thrown.error;
    const timedOut = stopper.reason === 'timeout';
    const aborted = stopper.reason === 'abort' || extra.abortedEarly === true;
    return {
      exitCode: status.exitCode,
      signal: status.signal,
      timedOut,
      aborted,
      ...(extra.spawnError === undefined ? {} : { spawnError: extra.spawnError }),
      durationMs: Math.round(performance.now() - startedAt),
      outputTail: router.tail(),
      success: status.exitCode === 0 && !timedOut && !aborted,
      commandLine,
    };
  };

  // Aborted before we started: nothing to run, nothing to kill.
  if (settings.signal?.aborted) return finish({ exitCode: null, signal: null }, { abortedEarly: true });

  const { file, args } = toSpawnArguments(settings.command);
  const { execa } = await preloadProcessRunner();
  const subprocess = spawnChild(execa, file, args, settings.cwd, settings.env);

  if (subprocess.pid === undefined) {
    const failed = await subprocess;
    const spawnError = await describeSpawnError(failed.cause ?? failed.message, settings.cwd);
    router.writeText('stderr', `${spawnError}\n`);
    router.end('stderr');
    return finish({ exitCode: null, signal: null }, { spawnError });
  }

  const groupId = subprocess.pid;
  stopper.attach(groupId);
  const removeExitHook = killGroupOnExit(groupId);
  try {
    settings.onSpawn?.(groupId);
  } catch (error) {
    stopper.stop('callback');
    await stopper.settled();
    removeExitHook();
    await logFile?.close();
    throw error;
  }
  const onAbort = (): void => stopper.stop('abort');
  const timer = settings.timeoutMs === undefined ? undefined : setTimeout(() => stopper.stop('timeout'), settings.timeoutMs);
  settings.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const streams = [subprocess.stdout, subprocess.stderr] as const;
    const streamsEnded = Promise.all([
      pumpStream('stdout', subprocess.stdout, router, logFile, streams),
      pumpStream('stderr', subprocess.stderr, router, logFile, streams),
    ]);
    const status = await Promise.race([
      new Promise<ExitStatus>((resolve) => subprocess.once('exit', (exitCode, signal) => resolve({ exitCode, signal }))),
      // Settles only if 'exit' never comes (an error after spawn); execa then reports it.
      subprocess.then((result) => ({ exitCode: result.exitCode ?? null, signal: result.signal ?? null })),
    ]);
    clearTimeout(timer);
    settings.signal?.removeEventListener('abort', onAbort);

    if (!stopper.stopping && (await isProcessGroupAlive(groupId))) stopper.stop('leftovers');
    await stopper.settled();
    await settleWithin(streamsEnded, STREAM_DRAIN_MS, () => streams.forEach((stream) => stream.destroy()));
    await subprocess;
    return await finish(status);
  } catch (error) {
    stopper.stop('callback');
    await stopper.settled();
    await logFile?.close();
    throw error;
  } finally {
    clearTimeout(timer);
    settings.signal?.removeEventListener('abort', onAbort);
    removeExitHook();
  }
}

function spawnChild(execa: Execa, file: string, args: string[], cwd: string, env: Record<string, string> | undefined) {
  return execa(file, args, {
    cwd,
    env,
    extendEnv: true,
    // Own process group: the tree can be signalled as one (see signal-process-group.ts).
    detached: true,
    // execa's cleanup only kills the direct child; killGroupOnExit does the whole group.
    cleanup: false,
    // An orchestrator waiting for input would hang the cycle; /dev/null gives it EOF instead.
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    // We stream and keep a bounded tail ourselves; execa must not buffer minutes of output.
    buffer: false,
    encoding: 'buffer',
    reject: false,
    windowsHide: true,
  });
}

/** Feeds one child stream to the router; resolves when it has ended or been destroyed. */
function pumpStream(
  name: StreamName,
  stream: Readable,
  router: OutputRouter,
  logFile: LogFile | undefined,
  all: readonly Readable[],
): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finishStream = (): void => {
      if (done) return;
      done = true;
      router.end(name);
      resolve();
    };
    stream.on('data', (chunk: Buffer) => {
      if (router.write(name, chunk) || logFile === undefined) return;
      // The log file cannot keep up: stop reading so the pipe fills and the child waits,
      // instead of queueing its output in our memory.
      all.forEach((each) => each.pause());
      logFile.onDrain(() => all.forEach((each) => each.resume()));
    });
    stream.once('end', finishStream);
    stream.once('close', finishStream);
    stream.once('error', finishStream);
  });
}

/** Waits for `promise` at most `ms`; calls `onTimeout` (which must make it settle) when late. */
async function settleWithin(promise: Promise<unknown>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve();
    }, ms);
  });
  await Promise.race([promise, late]);
  clearTimeout(timer);
  await promise;
}
