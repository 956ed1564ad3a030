/** The ledger's window rows (0002_data_windows): one per run of a workflow's time window. */
import type { Kysely } from 'kysely';
import type { WindowRun } from '../windows.js';
import type { HistoryDatabase } from './tables.js';

type Db = Kysely<HistoryDatabase>;

export async function insertWindowRun(db: Db, run: WindowRun): Promise<void> {
  await db
    .insertInto('etl_cycle_windows')
    .values({
      id: run.id,
      project: run.project,
      workflow: run.workflow,
      window_start: run.start,
      window_end: run.end,
      mode: run.mode,
      state: run.state,
      execution_id: run.executionId,
      failure_class: run.failureClass,
      error: run.error,
      started_at: run.startedAt,
      ended_at: run.endedAt,
    })
    .execute();
}

export async function updateWindowEnd(
  db: Db,
  id: string,
  end: { state: 'succeeded' | 'failed'; failureClass: string | null; error: string | null; endedAt: number },
): Promise<void> {
  await db
    .updateTable('etl_cycle_windows')
    .set({ state: end.state, failure_class: end.failureClass, error: end.error, ended_at: end.endedAt })
    .where('id', '=', id)
    .execute();
}

/** Writes a window run moved from another store (`history import`); false when its id is already here. */
export async function insertWindowRunIfAbsent(db: Db, run: WindowRun): Promise<boolean> {
  const exists = await db.selectFrom('etl_cycle_windows').select('id').where('id', '=', run.id).executeTakeFirst();
  if (exists) return false;
  await insertWindowRun(db, run);
  return true;
}

/** The window runs of a project (of one workflow), or of every project when `project` is undefined. */
export async function selectWindowRuns(db: Db, project: string | undefined, workflow?: string): Promise<WindowRun[]> {
  let query = db.selectFrom('etl_cycle_windows').selectAll();
  if (project !== undefined) query = query.where('project', '=', project);
  if (workflow !== undefined) query = query.where('workflow', '=', workflow);
  const rows = await query.orderBy('project').orderBy('window_start').orderBy('started_at').execute();
  return rows.map((row) => ({
    id: row.id,
    project: row.project,
    workflow: row.workflow,
    start: Number(row.window_start),
    end: Number(row.window_end),
    mode: row.mode,
    state: row.state as WindowRun['state'],
    executionId: row.execution_id,
    failureClass: row.failure_class,
    error: row.error,
    startedAt: Number(row.started_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
  }));
}

/** Deletes the given window runs of the project (retention; windows.ts picks them); returns how many. */
export async function deleteWindowRuns(db: Db, project: string, ids: readonly string[]): Promise<number> {
  let deleted = 0;
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let at = 0; at < ids.length; at += 500) {
    const result = await db
      .deleteFrom('etl_cycle_windows')
      .where('project', '=', project)
      .where('id', 'in', ids.slice(at, at + 500))
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}
