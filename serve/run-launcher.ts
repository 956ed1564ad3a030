/**
 * Runs started through the API: each one is a child `etl-cycle run --trigger api` process, so a
 * run is exactly what the command line does (the project lock, the ledger, the report, the
 * cleanup on Ctrl-C) and a run that crashes cannot take the server with it. The child's console
 * output goes to `<logs.dir>/auto_cycle_console_<id>.log`, which GET /api/runs/:id/log serves.
 *
 * The execution id is the child's own: the launcher waits until the child holds the project
 * lock (whose holder names the execution), or until it exits (another run holds the lock, or
 * the request asked for something the project does not have).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readLockHolder } from '../history/lock/project-lock.js';
import type { LockHolder } from '../history/lock/project-lock.js';

export interface RunRequest {
  workflow?: string;
  /** The git snapshot mode of the run (`run --git`). */
  mode?: string;
  maxIterations?: number;
  /** What the ledger records as the trigger (default api; a scheduler passes schedule). */
  trigger?: 'api' | 'schedule';
}

export type LaunchOutcome =
  /** `exited`: settles with the run's exit code when it ends (a scheduler waits on it). */
  | { kind: 'started'; id: string; pid: number; exited: Promise<number> }
  | { kind: 'busy'; holder: LockHolder }
  /** `badRequest`: the run refused the request's values (exit 2); else it failed to start. */
  | { kind: 'refused'; message: string; badRequest: boolean };

export type CancelOutcome =
  { kind: 'signalled'; pid: number; signal: NodeJS.Signals } | { kind: 'not_running' } | { kind: 'elsewhere'; host: string; pid: number };

export interface RunLauncher {
  start(request: RunRequest): Promise<LaunchOutcome>;
  /** Stops a running execution the way Ctrl-C does: it ends `aborted` and removes what it started. */
  cancel(id: string): Promise<CancelOutcome>;
}

export interface ChildRunLauncherOptions {
  /** argv of etl-cycle itself (core/package-info.ts selfCommand). */
  command: readonly string[];
  cwd: string;
  configPath?: string;
  stateDir: string;
  logsDir: string;
  env: NodeJS.ProcessEnv;
  /** How long a child may take to take the project lock (config, Compose, the ledger). */
  startTimeoutMs?: number;
}

export const consoleLogName = (id: string) => `auto_cycle_console_${id}.log`;

/** Environment variables a run must not inherit from the server (its API token). */
const SERVER_ONLY = ['ETL_CYCLE_TOKEN'];

export class ChildRunLauncher implements RunLauncher {
  constructor(private readonly options: ChildRunLauncherOptions) {}

  async start(request: RunRequest): Promise<LaunchOutcome> {
    const held = await readLockHolder(this.options.stateDir);
    if (held?.alive) return { kind: 'busy', holder: held.holder };
    const { command, cwd, logsDir } = this.options;
    const pendingLog = join(logsDir, `.serve-launch-${randomBytes(6).toString('hex')}.log`);
    await mkdir(logsDir, { recursive: true });
    const fd = openSync(pendingLog, 'a');
    const env = { ...this.options.env };
    for (const name of SERVER_ONLY) delete env[name];
    const child = spawn(command[0]!, [...command.slice(1), ...runArguments(request, this.options.configPath)], {
      cwd,
      env,
      // Its own process group: a Ctrl-C meant for the server does not abort the runs it started.
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    let exited: number | undefined;
    const ended = new Promise<number>((resolve) => {
      child.on('exit', (code, signal) => resolve((exited = code ?? (signal ? 128 : 1))));
      child.on('error', () => resolve((exited = -1)));
    });
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 60_000);
    while (Date.now() < deadline) {
      const lock = await readLockHolder(this.options.stateDir);
      if (lock?.alive && lock.holder.pid === child.pid && lock.holder.executionId) {
        const id = lock.holder.executionId;
        await rename(pendingLog, join(logsDir, consoleLogName(id))).catch(() => undefined);
        child.unref();
        return { kind: 'started', id, pid: child.pid, exited: ended };
      }
      if (exited !== undefined) return this.explainExit(exited, pendingLog);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    child.kill('SIGINT');
    return { kind: 'refused', message: 'the run did not take the project lock within its start timeout', badRequest: false };
  }

  private async explainExit(code: number, logFile: string): Promise<LaunchOutcome> {
    const text = await readFile(logFile, 'utf8').catch(() => '');
    const lines = text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const line = lines.find((l) => l.startsWith('etl-cycle:')) ?? lines.at(-1) ?? `etl-cycle run exited with code ${code}`;
    if (/is in use by/.test(line)) {
      const held = await readLockHolder(this.options.stateDir);
      if (held?.alive) return { kind: 'busy', holder: held.holder };
    }
    return { kind: 'refused', message: line.replace(/^etl-cycle:\s*/, ''), badRequest: code === 2 };
  }

  async cancel(id: string): Promise<CancelOutcome> {
    const lock = await readLockHolder(this.options.stateDir);
    if (!lock?.alive || lock.holder.executionId !== id || lock.holder.command !== 'run') return { kind: 'not_running' };
    if (lock.holder.host !== hostname()) return { kind: 'elsewhere', host: lock.holder.host, pid: lock.holder.pid };
    // SIGINT, as a Ctrl-C: the run stops its phase, removes what it started (cleanup.on_abort) and ends `aborted`.
    process.kill(lock.holder.pid, 'SIGINT');
    return { kind: 'signalled', pid: lock.holder.pid, signal: 'SIGINT' };
  }
}

export function runArguments(request: RunRequest, configPath: string | undefined): string[] {
  return [
    ...(configPath === undefined ? [] : ['--config', configPath]),
    'run',
    '--trigger',
    request.trigger ?? 'api',
    '--no-progress',
    ...(request.maxIterations === undefined ? [] : ['--max-iterations', String(request.maxIterations)]),
    ...(request.mode === undefined ? [] : ['--git', request.mode]),
    ...(request.workflow === undefined ? [] : ['--workflow', request.workflow]),
  ];
}
