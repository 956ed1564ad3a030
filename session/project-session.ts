/**
 * Taking a project before working on it (`run`, `orchestrate`, `down`): the project lock (a file
 * in .etl-cycle/, plus PostgreSQL's advisory lock when the ledger lives there), the ledger, and
 * the clean-up after a run that died holding them. A second command on a busy project is
 * refused at once with one line naming the holder (ProjectLockedError, exit 2).
 *
 * The built-in orchestrator started by a run (`orchestrator.workflow`) is that run's child: it
 * recognizes its parent's lock by ETL_CYCLE_EXECUTION_ID and works under it.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage, HistoryStoreError, ProjectLockedError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { acquireProjectLock, readLockHolder } from '../history/lock/project-lock.js';
import type { HeldLock, LockCommand, StaleLock } from '../history/lock/project-lock.js';
import type { AdvisoryLock, HistoryStore } from '../history/store/history-store.js';
import type { Project } from '../project/open-project.js';
import { readVersion } from '../core/package-info.js';
import { describeHolder } from './describe-holder.js';
import { findDeadRuns } from './find-dead-runs.js';
import { openLedgerIfUsable } from './open-ledger.js';

export interface ProjectSession {
  /** undefined when working under a parent run's lock. */
  lock: HeldLock | undefined;
  store: HistoryStore | undefined;
  /** Releases the locks and closes the ledger; safe to call more than once. */
  release(): Promise<void>;
}

export interface SessionOptions {
  project: Project;
  command: LockCommand;
  executionId: string | null;
  reportFile?: string;
  /** Open the ledger (to record, or to mark dead runs); `run` needs it, `down` and `orchestrate` use it when history is on. */
  openStore: boolean;
  warn: (message: string) => void;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** The command as the user typed it, when it differs from the lock's (e.g. `history` sweeping). */
  commandName?: string;
}

export async function beginProjectSession(options: SessionOptions): Promise<ProjectSession> {
  const { project, logger } = options;
  const env = options.env ?? process.env;
  const stateDir = project.paths.stateDir;

  const parentId = env.ETL_CYCLE_EXECUTION_ID;
  // Only the run's own orchestrator (orchestrate) and a `down` it calls work under its lock; a
  // nested `run` would tear down the parent's stack, so it is refused like any other.
  if (parentId && options.command !== 'run') {
    const current = await readLockHolder(stateDir);
    if (current?.alive && current.holder.executionId === parentId) {
      logger.debug(`working under the lock of run ${parentId}`);
      return { lock: undefined, store: undefined, release: async () => undefined };
    }
  }

  const outcome = await acquireProjectLock({
    stateDir,
    command: options.command,
    executionId: options.executionId,
    version: readVersion(),
    reportFile: options.reportFile ?? null,
  });
  if (outcome.kind === 'held') throw lockedError(project.name, describeHolder(outcome.holder), outcome.holder.command);
  const folderLock = outcome.lock;
  if (outcome.tookOverFrom)
    logger.info(`took over the project lock of ${describeHolder(outcome.tookOverFrom.holder)}: its process is gone`);
  // The folder's lock keeps one checkout to one etl-cycle; containers go by project name, so a
  // second checkout (a git worktree, another runner workspace) of the same project on this
  // machine must be kept off too.
  const machine = await takeMachineLock(options).catch(async (error: unknown) => {
    await folderLock.release();
    throw error;
  });
  const lock = machine ? combinedLock(folderLock, machine.lock) : folderLock;
  const tookOverFrom = outcome.tookOverFrom ?? machine?.tookOverFrom;

  let store: HistoryStore | undefined;
  let storeLock: AdvisoryLock | undefined;
  const release = async () => {
    await storeLock?.release();
    storeLock = undefined;
    await store?.close();
    store = undefined;
    await lock.release();
  };
  try {
    store = options.openStore ? await openLedgerIfUsable(project.config, options.warn, { required: options.command === 'run' }) : undefined;
    if (store) {
      const held = await takeStoreLock(store, options);
      if (held === 'unusable') {
        // Warned already: the file lock still keeps this machine's etl-cycles apart.
        await store.close().catch(() => undefined);
        store = undefined;
      } else if (held !== 'local') storeLock = held;
    }
    await recoverAfterDeadRuns(options, store, tookOverFrom);
  } catch (error) {
    await release();
    throw error;
  }
  return {
    lock,
    get store() {
      return store;
    },
    release,
  };
}

/**
 * The store's own lock (PostgreSQL: an advisory lock, across machines). A store that fails here
 * (a connection limit, a dropped connection) is one warning and the command goes on without the
 * ledger — unless `run` has history.required — as when it cannot be opened at all.
 */
async function takeStoreLock(store: HistoryStore, options: SessionOptions): Promise<AdvisoryLock | 'local' | 'unusable'> {
  const { project } = options;
  let held: AdvisoryLock | undefined | 'local';
  let other: Awaited<ReturnType<HistoryStore['running']>>[number] | undefined;
  try {
    held = await store.tryStoreLock(project.name, (error) =>
      options.warn(`lost the project lock in ${store.display} (${errorMessage(error)}); another machine may now start on this project`),
    );
    if (held === undefined) other = (await store.running(project.name)).at(-1);
  } catch (error) {
    if (!(error instanceof HistoryStoreError) || (options.command === 'run' && project.config.history.required)) throw error;
    options.warn(`${error.message}; carrying on without history (history.required: false)${error.hint ? `; to fix: ${error.hint}` : ''}`);
    return 'unusable';
  }
  if (held !== undefined) return held;
  throw lockedError(
    project.name,
    other
      ? describeHolder({
          command: 'run',
          executionId: other.id,
          pid: other.pid,
          host: other.host,
          startedAt: new Date(other.startedAt).toISOString(),
        })
      : `another etl-cycle holding its lock in ${store.display}`,
    'run',
  );
}

/** One lock per project name and user on this machine, beside the folder's (see docs/history.md). */
export function machineLockDir(projectName: string): string {
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : (process.env.USERNAME ?? 'user');
  return join(tmpdir(), `etl-cycle-${user}`, 'projects', encodeURIComponent(projectName));
}

async function takeMachineLock(options: SessionOptions): Promise<{ lock: HeldLock; tookOverFrom?: StaleLock } | undefined> {
  const { project, logger } = options;
  let outcome;
  try {
    outcome = await acquireProjectLock({
      stateDir: machineLockDir(project.name),
      command: options.command,
      executionId: options.executionId,
      version: readVersion(),
      reportFile: options.reportFile ?? null,
    });
  } catch (error) {
    // A temporary folder that cannot be written costs this extra guard, not the command.
    options.warn(`cannot take the machine-wide lock of project ${project.name} (${errorMessage(error)}); only this folder is locked`);
    return undefined;
  }
  if (outcome.kind === 'held') {
    const report = outcome.holder.reportFile ? `, report ${outcome.holder.reportFile}` : '';
    throw lockedError(project.name, `${describeHolder(outcome.holder)} in another folder${report}`, outcome.holder.command);
  }
  if (outcome.tookOverFrom)
    logger.info(`took over the machine-wide lock of ${describeHolder(outcome.tookOverFrom.holder)}: its process is gone`);
  return { lock: outcome.lock, ...(outcome.tookOverFrom ? { tookOverFrom: outcome.tookOverFrom } : {}) };
}

/** Both locks as one: updates go to both, release frees the machine's and then the folder's. */
function combinedLock(folder: HeldLock, machine: HeldLock): HeldLock {
  return {
    get holder() {
      return folder.holder;
    },
    update: async (changes) => {
      await Promise.all([folder.update(changes), machine.update(changes)]);
    },
    release: async () => {
      await machine.release();
      await folder.release();
    },
  };
}

function lockedError(project: string, holder: string, command: LockCommand): ProjectLockedError {
  const wait = command === 'down' ? 'wait a moment and retry' : 'wait for it to finish, or stop it with Ctrl-C / kill in its terminal';
  return new ProjectLockedError(`project ${project} is in use by ${holder}; ${wait}`);
}

async function recoverAfterDeadRuns(options: SessionOptions, store: HistoryStore | undefined, stale: StaleLock | undefined): Promise<void> {
  const { project } = options;
  try {
    const dead = await findDeadRuns({ project: project.name, stale, store, logsDir: project.paths.logsDir });
    if (dead.length === 0) return;
    // The engine client is loaded only when there is a dead run to clean up after.
    const { recoverDeadRuns } = await import('./recover-dead-runs.js');
    await recoverDeadRuns(dead, {
      project,
      store,
      command: options.commandName ?? options.command,
      warn: options.warn,
      logger: options.logger,
    });
  } catch (error) {
    // Never let the clean-up of someone else's mess stop this command.
    options.warn(`could not check for runs that died unfinished: ${errorMessage(error)}`);
  }
}

/**
 * For the commands that only read the ledger (history, show, stats): if a run died unfinished,
 * finish it now — under the project lock, taken only when there is something to sweep and no
 * live holder, so reading never stands in a run's way.
 */
export async function sweepBeforeReading(
  project: Project,
  store: HistoryStore,
  command: string,
  warn: (message: string) => void,
  logger: Logger,
): Promise<void> {
  const current = await readLockHolder(project.paths.stateDir).catch(() => undefined);
  if (current?.alive) return;
  if (current === undefined && (await store.running(project.name)).length === 0) return;
  const outcome = await acquireProjectLock({
    stateDir: project.paths.stateDir,
    command: 'sweep',
    executionId: null,
    version: readVersion(),
  }).catch(() => undefined);
  if (outcome?.kind !== 'acquired') return;
  // A shared store (PostgreSQL) may hold the running rows of a live run on another machine: only
  // the store's own lock tells it is dead.
  const storeLock = await store.tryStoreLock(project.name, () => undefined).catch(() => undefined);
  if (storeLock === undefined) {
    await outcome.lock.release();
    return;
  }
  try {
    await recoverAfterDeadRuns(
      { project, command: 'sweep', commandName: command, executionId: null, openStore: false, warn, logger },
      store,
      outcome.tookOverFrom,
    );
  } finally {
    if (storeLock !== 'local') await storeLock.release();
    await outcome.lock.release();
  }
}
