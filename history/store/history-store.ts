/**
 * The run ledger: one object over one store (an SQLite file or a PostgreSQL database), the same
 * calls either way. Every call names what it was doing when the store fails, so the caller can
 * print one line (HistoryStoreError) and decide whether the run goes on (history.required).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { ExecutionDetail, ExecutionEnd, ExecutionStart, ExecutionSummary, IterationRow, LearningInput, ListQuery } from '../types.js';
import type { StatsInput } from '../stats.js';
import type { HistoryLocation } from './location.js';
import type { AdvisoryLock } from './postgres-dialect.js';
import { selectAllExecutions, selectExecution, selectExecutions, selectRunning } from './read-executions.js';
import { countExecutions, selectLearningInput, selectStatsInput } from './read-stats.js';
import {
  deleteAlertAndTickRowsBefore,
  insertAlertDelivery,
  insertScheduleTick,
  selectAlertDeliveries,
  selectLastScheduledRun,
  selectScheduleTicks,
} from './alert-records.js';
import type { AlertDeliveryRow, ScheduleTickRow } from './alert-records.js';
import { toStoreError } from './store-errors.js';
import { forgettableWindowRuns } from '../windows.js';
import type { WindowRun } from '../windows.js';
import { deleteWindowRuns, insertWindowRun, insertWindowRunIfAbsent, selectWindowRuns, updateWindowEnd } from './window-rows.js';
import type { HistoryDatabase } from './tables.js';
import {
  deleteExecutionsBefore,
  insertExecution,
  insertExecutionDetail,
  insertIteration,
  markInterrupted,
  updateExecutionEnd,
} from './write-executions.js';

export type { AdvisoryLock } from './postgres-dialect.js';
export type { AlertDeliveryRow, ScheduleTickOutcome, ScheduleTickRow } from './alert-records.js';

/** What one retention pass removed. */
export interface PruneResult {
  executions: number;
  windowRuns: number;
}

export class HistoryStore {
  constructor(
    private readonly db: Kysely<HistoryDatabase>,
    readonly location: HistoryLocation,
  ) {}

  /** The store as messages name it (a path, or a URL without its password). */
  get display(): string {
    return this.location.display;
  }

  private async attempt<T>(doing: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toStoreError(this.location, error, doing);
    }
  }

  /**
   * On SQLite, `work` commits with synchronous=FULL: flushed to the disk itself, so a power loss
   * right after cannot take it back. Iterations commit with NORMAL (they survive a killed
   * process, and the next FULL commit flushes them too): a millisecond less per iteration.
   */
  private async durably<T>(work: () => Promise<T>): Promise<T> {
    if (this.location.flavour !== 'sqlite') return work();
    await sql`PRAGMA synchronous = FULL`.execute(this.db);
    try {
      return await work();
    } finally {
      await sql`PRAGMA synchronous = NORMAL`.execute(this.db);
    }
  }

  startExecution(start: ExecutionStart): Promise<void> {
    return this.attempt(`record the start of execution ${start.id}`, () => this.durably(() => insertExecution(this.db, start)));
  }

  /** `orchestratorPgid`: the process group of the iteration's orchestrator, if one ran. */
  recordIteration(executionId: string, row: IterationRow, orchestratorPgid: number | null = null): Promise<void> {
    return this.attempt(`record iteration ${row.iteration} of execution ${executionId}`, () =>
      this.db.transaction().execute((trx) => insertIteration(trx, executionId, row, orchestratorPgid)),
    );
  }

  /** False when the execution had already ended (another etl-cycle marked it interrupted). */
  finishExecution(executionId: string, end: ExecutionEnd): Promise<boolean> {
    return this.attempt(`record the end of execution ${executionId}`, () =>
      this.durably(() => this.db.transaction().execute((trx) => updateExecutionEnd(trx, executionId, end))),
    );
  }

  /** Marks executions a dead process left `running` as `interrupted`; returns how many it changed. */
  markInterrupted(ids: readonly string[], endedAt: (id: string) => number, diagnosis: string): Promise<number> {
    return this.attempt('mark interrupted executions', () =>
      this.durably(() => this.db.transaction().execute((trx) => markInterrupted(trx, ids, endedAt, diagnosis))),
    );
  }

  running(project: string): Promise<ExecutionSummary[]> {
    return this.attempt('read the running executions', () => selectRunning(this.db, project));
  }

  list(query: ListQuery): Promise<ExecutionSummary[]> {
    return this.attempt('list executions', () => selectExecutions(this.db, query));
  }

  /** One execution with its iterations; `latest` = the project's newest. */
  get(project: string, id: string): Promise<ExecutionDetail | undefined> {
    return this.attempt(`read execution ${id}`, () => selectExecution(this.db, project, id));
  }

  count(project: string): Promise<number> {
    return this.attempt('count executions', () => countExecutions(this.db, project));
  }

  statsInput(project: string, since: number | undefined): Promise<StatsInput> {
    return this.attempt('read the statistics', () => selectStatsInput(this.db, project, since));
  }

  learningInput(project: string, window: number): Promise<LearningInput> {
    return this.attempt('read past green runs', () => selectLearningInput(this.db, project, window));
  }

  /**
   * Retention: deletes the project's finished executions started before `before` (epoch ms),
   * their alert and tick rows, and the loaded windows retention may forget (never a gap, never
   * a workflow's latest window: windows.ts forgettableWindowRuns); returns how many of each.
   */
  prune(project: string, before: number): Promise<PruneResult> {
    return this.attempt('delete old executions', () =>
      this.db.transaction().execute(async (trx) => {
        await deleteAlertAndTickRowsBefore(trx, project, before);
        const executions = await deleteExecutionsBefore(trx, project, before);
        const windowRuns = await deleteWindowRuns(trx, project, forgettableWindowRuns(await selectWindowRuns(trx, project), before));
        return { executions, windowRuns };
      }),
    );
  }

  /** One delivery attempt of an alert (alerts/). */
  recordAlertDelivery(row: AlertDeliveryRow): Promise<void> {
    return this.attempt(`record alert delivery ${row.deliveryId} attempt ${row.attempt}`, () => insertAlertDelivery(this.db, row));
  }

  /** The project's delivery attempts (of one execution), oldest first. */
  alertDeliveries(project: string, executionId?: string): Promise<AlertDeliveryRow[]> {
    return this.attempt('read alert deliveries', () => selectAlertDeliveries(this.db, project, executionId));
  }

  /** One tick of the scheduler (started, caught up, skipped). */
  recordScheduleTick(row: ScheduleTickRow): Promise<void> {
    return this.attempt('record a schedule tick', () => insertScheduleTick(this.db, row));
  }

  /** The newest ticks first. */
  scheduleTicks(project: string, limit = 100): Promise<ScheduleTickRow[]> {
    return this.attempt('read schedule ticks', () => selectScheduleTicks(this.db, project, limit));
  }

  /** The newest scheduled time the ledger saw (started, caught up or skipped; epoch ms), undefined = none yet. */
  lastScheduledRun(project: string): Promise<number | undefined> {
    return this.attempt('read the last scheduled run', () => selectLastScheduledRun(this.db, project));
  }

  /** Every execution (of one project, or all), oldest first, with everything under it. */
  async *exportExecutions(project?: string): AsyncGenerator<ExecutionDetail> {
    try {
      yield* selectAllExecutions(this.db, project);
    } catch (error) {
      throw toStoreError(this.location, error, 'export executions');
    }
  }

  /** Writes an exported execution; false when one with its id is already here. */
  importExecution(detail: ExecutionDetail): Promise<boolean> {
    return this.attempt(`import execution ${detail.id}`, () => this.db.transaction().execute((trx) => insertExecutionDetail(trx, detail)));
  }

  /** Writes exported executions in one transaction (all or none); returns how many were new. */
  importExecutions(details: readonly ExecutionDetail[]): Promise<number> {
    return this.attempt(`import ${details.length} executions`, () =>
      this.db.transaction().execute(async (trx) => {
        let added = 0;
        for (const detail of details) if (await insertExecutionDetail(trx, detail)) added += 1;
        return added;
      }),
    );
  }

  /** Every window run (of one project, or all) for `history export`. */
  exportWindowRuns(project?: string): Promise<WindowRun[]> {
    return this.attempt('export window runs', () => selectWindowRuns(this.db, project));
  }

  /** Writes exported window runs in one transaction (all or none); returns how many were new. */
  importWindowRuns(runs: readonly WindowRun[]): Promise<number> {
    return this.attempt(`import ${runs.length} window runs`, () =>
      this.db.transaction().execute(async (trx) => {
        let added = 0;
        for (const run of runs) if (await insertWindowRunIfAbsent(trx, run)) added += 1;
        return added;
      }),
    );
  }

  /**
   * The project lock held in the store itself, for stores shared between machines (a PostgreSQL
   * advisory lock). undefined = another session holds it; `local` = this store is a local file,
   * and the lock file next to it is the lock.
   */
  async tryStoreLock(project: string, onLost: (error: Error) => void): Promise<AdvisoryLock | undefined | 'local'> {
    const { location } = this;
    if (location.flavour === 'sqlite') return 'local';
    return this.attempt('take the project lock', async () => {
      // pg is loaded only by projects that keep their history in PostgreSQL.
      const { tryAdvisoryLock } = await import('./postgres-dialect.js');
      return tryAdvisoryLock(location.url, project, onLost);
    });
  }

  /** A window run starting (history/windows.ts); the caller checked it collides with nothing. */
  startWindowRun(run: WindowRun): Promise<void> {
    return this.attempt(`record the start of window run ${run.id}`, () => this.durably(() => insertWindowRun(this.db, run)));
  }

  finishWindowRun(id: string, end: Parameters<typeof updateWindowEnd>[2]): Promise<void> {
    return this.attempt(`record the end of window run ${id}`, () => this.durably(() => updateWindowEnd(this.db, id, end)));
  }

  /** The project's window runs (of one workflow, or all), by window start. */
  windowRuns(project: string, workflow?: string): Promise<WindowRun[]> {
    return this.attempt('read the window runs', () => selectWindowRuns(this.db, project, workflow));
  }

  async close(): Promise<void> {
    await this.db.destroy().catch(() => undefined);
  }
}
