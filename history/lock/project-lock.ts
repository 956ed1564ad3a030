/**
 * One etl-cycle at a time per project. `run`, `orchestrate` and `down` take the lock before they
 * touch anything; a second one refuses at once, naming the holder, instead of tearing down the
 * first one's containers. The lock is a file in the project's state folder (.etl-cycle/lock.json)
 * so it works whatever state the ledger is in:
 *
 * - created atomically: the holder's JSON is written to a private file, then hard-linked to the
 *   lock's name, which fails if the name exists — a reader never sees half a holder;
 * - a holder on this machine is alive while its process runs (pid, boot id, start time); one on
 *   another machine (a project folder on a shared disk) while it keeps touching the file
 *   (a heartbeat every HEARTBEAT_MS, stale after STALE_MS);
 * - a dead holder's lock is replaced in one rename (under a short-lived guard file, so two
 *   newcomers cannot both take it) and the caller is told whose it was, so it can clean up after it.
 *
 * PostgreSQL stores add an advisory lock for machines that share the store but not the folder
 * (history/store/postgres-dialect.ts).
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { errorMessage, EtlCycleError, EXIT_FAILURE } from '../../core/errors.js';
import { isRunning, ownIdentity } from './process-identity.js';

export const LOCK_FILE = 'lock.json';
export const HEARTBEAT_MS = 15_000;
export const STALE_MS = 4 * HEARTBEAT_MS;
/** A takeover guard older than this belongs to a newcomer that died mid-takeover. */
const GUARD_STALE_MS = 10_000;
const ATTEMPTS = 5;

/** Who holds the lock: the three commands that change a project, or a reader finishing a dead run (`sweep`). */
export type LockCommand = 'run' | 'orchestrate' | 'down' | 'sweep';

export interface LockHolder {
  pid: number;
  host: string;
  bootId: string | null;
  startTicks: string | null;
  command: LockCommand;
  executionId: string | null;
  /** ISO time the lock was taken. */
  startedAt: string;
  version: string;
  /** The run's report, for the sweep to finish it when the holder died. */
  reportFile: string | null;
  /** The orchestrator's process group while one runs. */
  orchestratorPgid: number | null;
}

export interface HeldLock {
  readonly holder: LockHolder;
  /** Rewrites the holder's JSON (e.g. the orchestrator's pgid), atomically. */
  update(patch: Partial<Pick<LockHolder, 'orchestratorPgid' | 'executionId' | 'reportFile'>>): Promise<void>;
  release(): Promise<void>;
}

export type LockOutcome = { kind: 'acquired'; lock: HeldLock; tookOverFrom?: StaleLock } | { kind: 'held'; holder: LockHolder };

export interface StaleLock {
  holder: LockHolder;
  /** When the dead holder last showed a sign of life (its last heartbeat). */
  lastSeen: Date;
}

export interface AcquireOptions {
  stateDir: string;
  command: LockCommand;
  executionId: string | null;
  version: string;
  reportFile?: string | null;
  /** Called with a problem worth a debug line (an unreadable lock file...). */
  onDebug?: (message: string) => void;
}

export async function acquireProjectLock(options: AcquireOptions): Promise<LockOutcome> {
  try {
    return await acquire(options);
  } catch (error) {
    if (error instanceof EtlCycleError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new EtlCycleError(
      'E_LOCKED',
      `cannot take the project lock in ${options.stateDir} (${code ?? errorMessage(error)}): etl-cycle keeps its lock and history there; make the project folder writable`,
      EXIT_FAILURE,
      { cause: error },
    );
  }
}

async function acquire(options: AcquireOptions): Promise<LockOutcome> {
  const { stateDir } = options;
  await ensureStateDir(stateDir);
  const lockPath = join(stateDir, LOCK_FILE);
  const holder: LockHolder = {
    ...ownIdentityFields(),
    command: options.command,
    executionId: options.executionId,
    startedAt: new Date().toISOString(),
    version: options.version,
    reportFile: options.reportFile ?? null,
    orchestratorPgid: null,
  };
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    if (await createExclusively(lockPath, holder)) {
      return { kind: 'acquired', lock: heldLock(lockPath, holder) };
    }
    const current = await readLock(lockPath);
    if (current === undefined) continue; // released in between: try again
    if (isAlive(current)) return { kind: 'held', holder: current.holder };
    if (await replaceStale(lockPath, current, holder)) {
      return { kind: 'acquired', lock: heldLock(lockPath, holder), tookOverFrom: { holder: current.holder, lastSeen: current.mtime } };
    }
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
  }
  const last = await readLock(lockPath);
  if (last) return { kind: 'held', holder: last.holder };
  throw new Error(`could not create ${lockPath} after ${ATTEMPTS} attempts`);
}

/** The lock's holder as the file says, whether alive or not (undefined: no lock). */
export async function readLockHolder(stateDir: string): Promise<{ holder: LockHolder; alive: boolean; lastSeen: Date } | undefined> {
  const current = await readLock(join(stateDir, LOCK_FILE));
  return current && { holder: current.holder, alive: isAlive(current), lastSeen: current.mtime };
}

/** The folder, and a .gitignore in it, so neither git nor the snapshot ever picks up our state. */
async function ensureStateDir(stateDir: string): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  await writeFile(join(stateDir, '.gitignore'), "# etl-cycle's own state (run history, project lock): not for version control.\n*\n", {
    flag: 'wx',
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

function ownIdentityFields(): Pick<LockHolder, 'pid' | 'host' | 'bootId' | 'startTicks'> {
  const own = ownIdentity();
  return { pid: own.pid, host: hostname(), bootId: own.bootId, startTicks: own.startTicks };
}

function serialize(holder: LockHolder): string {
  return `${JSON.stringify(holder, null, 2)}\n`;
}

async function writePrivate(path: string, text: string): Promise<void> {
  const file = await open(path, 'wx', 0o644);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
}

/** True when we created the lock; false when a lock is there. */
async function createExclusively(lockPath: string, holder: LockHolder): Promise<boolean> {
  const candidate = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writePrivate(candidate, serialize(holder));
  try {
    await link(candidate, lockPath);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // Filesystems without hard links: exclusive create (a reader may then meet a file still being written, see readLock).
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      try {
        await writePrivate(lockPath, serialize(holder));
        return true;
      } catch (inner) {
        if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw inner;
      }
    }
    throw error;
  } finally {
    await unlink(candidate).catch(() => undefined);
  }
}

interface LockState {
  holder: LockHolder;
  text: string;
  mtime: Date;
}

async function readLock(lockPath: string): Promise<LockState | undefined> {
  let text: string;
  let mtime: Date;
  try {
    [text, mtime] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath).then((s) => s.mtime)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return { holder: parseHolder(text), text, mtime };
}

/** A lock file we cannot read as a holder (damaged, or still being written) counts as one of an unknown, remote holder. */
function parseHolder(text: string): LockHolder {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string') {
      return {
        pid: value.pid,
        host: value.host,
        bootId: value.bootId ?? null,
        startTicks: value.startTicks ?? null,
        command: value.command ?? 'run',
        executionId: value.executionId ?? null,
        startedAt: value.startedAt ?? '',
        version: value.version ?? '',
        reportFile: value.reportFile ?? null,
        orchestratorPgid: value.orchestratorPgid ?? null,
      };
    }
  } catch {
    // fall through
  }
  return {
    pid: 0,
    host: '(unreadable lock file)',
    bootId: null,
    startTicks: null,
    command: 'run',
    executionId: null,
    startedAt: '',
    version: '',
    reportFile: null,
    orchestratorPgid: null,
  };
}

function isAlive(state: LockState): boolean {
  const { holder } = state;
  if (holder.host === hostname() && holder.pid > 0) {
    return isRunning({ pid: holder.pid, bootId: holder.bootId, startTicks: holder.startTicks });
  }
  // Another machine (or an unreadable file): alive while it keeps its heartbeat.
  return Date.now() - state.mtime.getTime() < STALE_MS;
}

/**
 * Puts our holder in place of a dead one unless someone changed the lock meanwhile; true when it
 * was ours to take. The dead lock is replaced by a rename, never removed first: with a moment
 * without a lock, another newcomer could create its own in between and win without knowing it
 * took over (so nobody would clean up after the dead holder).
 */
async function replaceStale(lockPath: string, seen: LockState, holder: LockHolder): Promise<boolean> {
  const guard = `${lockPath}.takeover`;
  try {
    await writePrivate(guard, String(process.pid));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = await stat(guard).then(
      (s) => Date.now() - s.mtime.getTime(),
      () => 0,
    );
    if (age > GUARD_STALE_MS) await unlink(guard).catch(() => undefined);
    return false;
  }
  try {
    const now = await readLock(lockPath);
    if (now === undefined || now.text !== seen.text) return false;
    const candidate = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writePrivate(candidate, serialize(holder));
    await rename(candidate, lockPath);
    return true;
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

function heldLock(lockPath: string, initial: LockHolder): HeldLock {
  let holder = initial;
  let released = false;
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(lockPath, now, now).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    get holder() {
      return holder;
    },
    async update(patch) {
      if (released) return;
      holder = { ...holder, ...patch };
      const temp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await writeFile(temp, serialize(holder));
      await rename(temp, lockPath);
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      // Only our own lock: if it was taken over (we were thought dead), it is not ours to remove.
      const current = await readLock(lockPath).catch(() => undefined);
      if (
        current &&
        current.holder.pid === holder.pid &&
        current.holder.host === holder.host &&
        current.holder.startedAt === holder.startedAt
      ) {
        await unlink(lockPath).catch(() => undefined);
      }
    },
  };
}
