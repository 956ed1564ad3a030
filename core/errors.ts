/**
 * Typed errors. Every error a user can cause or meet carries a stable `code` and the exit
 * code the CLI maps it to; only cli/main.ts calls process.exit. Callers branch on `code`
 * (or `instanceof`), never on message text.
 */
export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

export type ErrorCode =
  | 'E_CONFIG' // etl-cycle.yaml (or a file it names) is invalid
  | 'E_USAGE' // bad command-line arguments
  | 'E_COMPOSE' // the Compose file is invalid or uses something unsupported
  | 'E_PATTERN_PACK' // a pattern pack is invalid
  | 'E_TASKS' // the orchestrator's task/workflow declaration is invalid
  | 'E_DOCKER_UNAVAILABLE' // no engine answers
  | 'E_DOCKER' // an engine call failed
  | 'E_OWNERSHIP' // a resource we would create/remove exists without our labels
  | 'E_STACK' // a service could not be built, created, started or made ready
  | 'E_GIT' // a git step failed
  | 'E_PROCESS' // a child process could not be started
  | 'E_ABORTED' // a signal or the time budget stopped the work
  | 'E_LOCKED' // another etl-cycle holds this project's lock (a run, orchestrate or down in progress)
  | 'E_HISTORY' // the run ledger cannot be opened, read or written
  | 'E_INTERNAL' // a bug in etl-cycle
  | 'E_RETRYABLE'; // an attempt failed in a way another attempt may fix (core/retry.ts)

/** Where in a file the user owns the problem is (1-based), for editors and CI annotations. */
export interface SourceLocation {
  file: string;
  line?: number;
  col?: number;
}

export interface EtlCycleErrorOptions {
  cause?: unknown;
  /** One line telling the user what to do about it. */
  hint?: string;
  location?: SourceLocation;
}

export class EtlCycleError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;

  constructor(code: ErrorCode, message: string, exitCode: number, options: EtlCycleErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.location = options.location;
  }
}

/** Input the user owns is wrong: exit 2 with a one-line message naming file/field/value. */
export class ConfigError extends EtlCycleError {
  constructor(message: string, options?: EtlCycleErrorOptions) {
    super('E_CONFIG', message, EXIT_USAGE, options);
  }
}

export class UsageError extends EtlCycleError {
  constructor(message: string, options?: EtlCycleErrorOptions) {
    super('E_USAGE', message, EXIT_USAGE, options);
  }
}

export class ComposeError extends EtlCycleError {
  constructor(message: string, options?: EtlCycleErrorOptions) {
    super('E_COMPOSE', message, EXIT_USAGE, options);
  }
}

export class PatternPackError extends EtlCycleError {
  constructor(message: string, options?: EtlCycleErrorOptions) {
    super('E_PATTERN_PACK', message, EXIT_USAGE, options);
  }
}

export class TasksConfigError extends EtlCycleError {
  constructor(message: string, options?: EtlCycleErrorOptions) {
    super('E_TASKS', message, EXIT_USAGE, options);
  }
}

export class DockerUnavailableError extends EtlCycleError {
  constructor(message: string, options?: EtlCycleErrorOptions) {
    super('E_DOCKER_UNAVAILABLE', message, EXIT_FAILURE, options);
  }
}

/** An engine call failed. `statusCode` is the Engine API's HTTP status when there was one. */
export class DockerError extends EtlCycleError {
  readonly statusCode: number | undefined;
  readonly operation: string;
  constructor(operation: string, message: string, options: EtlCycleErrorOptions & { statusCode?: number } = {}) {
    super('E_DOCKER', message, EXIT_FAILURE, options);
    this.operation = operation;
    this.statusCode = options.statusCode;
  }
}

/** A resource with the name we need exists but does not carry our labels: never touch it. */
export class OwnershipError extends EtlCycleError {
  readonly resourceKind: 'container' | 'network' | 'volume';
  readonly resourceName: string;
  constructor(kind: 'container' | 'network' | 'volume', name: string, message: string, options?: EtlCycleErrorOptions) {
    super('E_OWNERSHIP', message, EXIT_FAILURE, options);
    this.resourceKind = kind;
    this.resourceName = name;
  }
}

export class GitError extends EtlCycleError {
  constructor(message: string, options?: EtlCycleErrorOptions) {
    super('E_GIT', message, EXIT_FAILURE, options);
  }
}

export class ProcessStartError extends EtlCycleError {
  constructor(message: string, options?: EtlCycleErrorOptions) {
    super('E_PROCESS', message, EXIT_FAILURE, options);
  }
}

export class AbortedError extends EtlCycleError {
  readonly reason: 'signal' | 'budget';
  readonly signal: NodeJS.Signals | undefined;
  constructor(reason: 'signal' | 'budget', signal?: NodeJS.Signals, options?: EtlCycleErrorOptions) {
    super(
      'E_ABORTED',
      reason === 'budget' ? 'the time budget ran out' : `stopped by ${signal ?? 'a signal'}`,
      signal === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT,
      options,
    );
    this.reason = reason;
    this.signal = signal;
  }
}

/** Another etl-cycle works on this project right now: refuse at once instead of fighting over its containers. */
export class ProjectLockedError extends EtlCycleError {
  constructor(message: string, options?: EtlCycleErrorOptions) {
    super('E_LOCKED', message, EXIT_USAGE, options);
  }
}

/** The run ledger's store is unusable (corrupt, locked by another program, full disk, unreachable, newer schema). */
export class HistoryStoreError extends EtlCycleError {
  /** The store as shown to the user: a file path or a URL without its password. */
  readonly store: string;
  constructor(store: string, message: string, options?: EtlCycleErrorOptions) {
    // Exit 2 as for any input the user must fix: a damaged file, a newer schema, a wrong URL or password, a full disk.
    super('E_HISTORY', message, EXIT_USAGE, options);
    this.store = store;
  }
}

export function isEtlCycleError(error: unknown): error is EtlCycleError {
  return error instanceof EtlCycleError;
}

/** The reason an AbortSignal carries, as an AbortedError (signals we abort with always carry one). */
export function abortReason(signal: AbortSignal): AbortedError {
  const reason: unknown = signal.reason;
  return reason instanceof AbortedError ? reason : new AbortedError('signal', 'SIGINT', { cause: reason });
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
