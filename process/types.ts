/**
 * The process runner's contract (agent/ runs the orchestrator and validation commands with it,
 * orchestrator/ runs `run` tasks with it).
 */
export interface RunProcessOptions {
  /** argv form (no shell) or a shell line (run by /bin/sh -c). */
  command: readonly string[] | string;
  cwd: string;
  /** Added to the inherited environment. */
  env?: Record<string, string>;
  /** Kill the whole process tree after this long (SIGTERM, then SIGKILL after `killGraceMs`). */
  timeoutMs?: number;
  /** Aborting kills the whole process tree the same way. */
  signal?: AbortSignal;
  killGraceMs?: number;
  /** Every complete output line as it arrives (trailing newline removed; ANSI kept). */
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Raw chunks as they arrive (for the console tee and the classifier). */
  onOutput?: (stream: 'stdout' | 'stderr', chunk: string) => void;
  /** Append all output (both streams, interleaved line by line as they arrive, secrets masked) to this file. */
  logFile?: string;
  /** Cap of the log file: past it the middle is cut, head and tail kept (capped-log-file.ts). Default: no cap. */
  logMaxBytes?: number;
  /** Keep at most this many bytes of combined output in the result (tail). Default 64 KiB. */
  maxBufferBytes?: number;
  /** Called once the child runs, with its pid — also its process group's id (it leads its own group). */
  onSpawn?: (pid: number) => void;
}

export interface ProcessResult {
  /** null when killed by a signal or never started. */
  exitCode: number | null;
  /** Signal that ended it (SIGTERM, SIGKILL...), if any. */
  signal: string | null;
  timedOut: boolean;
  /** Ended because `signal` aborted. */
  aborted: boolean;
  /** Could not start (command not found, cwd missing): the spawn error as the OS said it. */
  spawnError?: string;
  durationMs: number;
  /** Tail of the combined output. */
  outputTail: string;
  /** exitCode === 0 and none of the above. */
  success: boolean;
  /** The command as a display string. */
  commandLine: string;
}
