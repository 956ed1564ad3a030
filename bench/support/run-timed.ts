/**
 * Runs one contender as a child process in its own process group, timed from spawn to exit,
 * with a hard timeout: SIGTERM to the whole group (etl-cycle then tears its stack down, a shell
 * loop dies with its children), SIGKILL after a grace period. Output goes to a log file and is
 * kept for the harness to read the contender's own accounting from.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface TimedRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The run's hard limit: past it the group is terminated and the run counts as timed out. */
  timeoutMs: number;
  /** Between SIGTERM and SIGKILL when the timeout or `signal` ends the run. */
  killGraceMs?: number;
  logFile: string;
  /** Ends the run early (Ctrl-C of the harness). */
  signal?: AbortSignal;
}

export interface TimedRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Wall time from spawn to the process's exit. */
  seconds: number;
  /** Epoch milliseconds at spawn and at exit, to line up with timestamps the contender logs. */
  startedAt: number;
  endedAt: number;
  timedOut: boolean;
  output: string;
}

const DEFAULT_KILL_GRACE_MS = 10_000;

export function runTimed(command: string, args: readonly string[], options: TimedRunOptions): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(options.logFile);
    let output = '';
    let timedOut = false;
    let exited: { code: number | null; signal: NodeJS.Signals | null; at: number; wall: number } | undefined;
    const startedAt = Date.now();
    const t0 = performance.now();
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      log.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);

    let killTimer: NodeJS.Timeout | undefined;
    const stopGroup = () => {
      signalGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(() => signalGroup(child.pid, 'SIGKILL'), options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    };
    const deadline = setTimeout(() => {
      timedOut = true;
      stopGroup();
    }, options.timeoutMs);
    const onAbort = () => stopGroup();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error) => {
      clearTimeout(deadline);
      log.end();
      reject(error);
    });
    // 'exit' times the contender; 'close' (all output read) completes the run.
    child.on('exit', (code, signal) => {
      exited = { code, signal, at: Date.now(), wall: (performance.now() - t0) / 1000 };
    });
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      // Whatever the group left running (a stray grandchild) must not outlive the run.
      signalGroup(child.pid, 'SIGKILL');
      const end = exited ?? { code, signal, at: Date.now(), wall: (performance.now() - t0) / 1000 };
      log.end(() =>
        resolve({
          exitCode: end.code,
          signal: end.signal,
          seconds: end.wall,
          startedAt,
          endedAt: end.at,
          timedOut,
          output,
        }),
      );
    });
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
