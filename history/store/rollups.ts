/**
 * Keeping etl_cycle_rollups in step with the executions: a finished execution's counters are
 * added in the transaction that finishes it (upserts that add, so two writers never lose one
 * another's counts), and a day is recounted from its rows after a prune cut through it.
 */
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import { dayOf, DAY_MS, rollupEntries } from '../rollup.js';
import type { FinishedFacts, RollupEntry } from '../rollup.js';
import type { ExecutionState } from '../types.js';
import type { HistoryDatabase } from './tables.js';

type Db = Kysely<HistoryDatabase> | Transaction<HistoryDatabase>;

type FactsOf = FinishedFacts & { project: string; startedAt: number };

/** Rows of executions, their failed iterations' classes and their task runs → the facts rollupEntries reads. */
export function assembleFacts(
  executions: readonly {
    id: string;
    project: string;
    state: string;
    iterations: number;
    time_to_green_ms: number | null;
    started_at: number;
  }[],
  failed: readonly { execution_id: string; primary_class: string | null }[],
  tasks: readonly { execution_id: string; task_id: string; status: string; duration_ms: number | null }[],
): Map<string, FactsOf> {
  const facts = new Map<string, FactsOf>();
  const classes = new Map<string, string[]>();
  const runs = new Map<string, FinishedFacts['tasks'][number][]>();
  for (const e of executions) {
    const ownClasses: string[] = [];
    const ownTasks: FinishedFacts['tasks'][number][] = [];
    classes.set(e.id, ownClasses);
    runs.set(e.id, ownTasks);
    facts.set(e.id, {
      project: e.project,
      startedAt: e.started_at,
      state: e.state as ExecutionState,
      iterations: e.iterations,
      timeToGreenMs: e.time_to_green_ms,
      failedClasses: ownClasses,
      tasks: ownTasks,
    });
  }
  for (const i of failed) if (i.primary_class) classes.get(i.execution_id)?.push(i.primary_class);
  for (const t of tasks) runs.get(t.execution_id)?.push({ taskId: t.task_id, status: t.status, durationMs: t.duration_ms });
  return facts;
}

/** The facts of the finished executions among `ids`, read from their rows. */
export async function finishedFacts(db: Db, ids: readonly string[]): Promise<Map<string, FactsOf>> {
  if (ids.length === 0) return new Map();
  const [executions, iterations, tasks] = await Promise.all([
    db
      .selectFrom('etl_cycle_executions')
      .select(['id', 'project', 'state', 'iterations', 'time_to_green_ms', 'started_at'])
      .where('id', 'in', ids)
      .where('state', '!=', 'running')
      .execute(),
    db
      .selectFrom('etl_cycle_iterations')
      .select(['execution_id', 'primary_class'])
      .where('execution_id', 'in', ids)
      .where('state', '=', 'failed')
      .where('primary_class', 'is not', null)
      .execute(),
    db
      .selectFrom('etl_cycle_task_runs')
      .select(['execution_id', 'task_id', 'status', 'duration_ms'])
      .where('execution_id', 'in', ids)
      .execute(),
  ]);
  return assembleFacts(executions, iterations, tasks);
}

/** Adds the counters of these (finished) executions. */
export async function addRollups(db: Db, ids: readonly string[]): Promise<void> {
  const rows: (RollupEntry & { project: string; day: number })[] = [];
  for (const facts of (await finishedFacts(db, ids)).values()) {
    const day = dayOf(facts.startedAt);
    for (const entry of rollupEntries(facts)) rows.push({ project: facts.project, day, ...entry });
  }
  await upsert(db, rows);
}

const CHUNK = 200;

async function upsert(db: Db, rows: readonly (RollupEntry & { project: string; day: number })[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('etl_cycle_rollups')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['project', 'day', 'series', 'bucket']).doUpdateSet({ n: sql`etl_cycle_rollups.n + excluded.n` }))
      .execute();
  }
}

/** After a prune: whole days before the cut go, the day the cut falls in is recounted from what is left. */
export async function pruneRollups(db: Db, project: string, before: number): Promise<void> {
  const cutDay = dayOf(before);
  await db.deleteFrom('etl_cycle_rollups').where('project', '=', project).where('day', '<=', cutDay).execute();
  const left = await db
    .selectFrom('etl_cycle_executions')
    .select('id')
    .where('project', '=', project)
    .where('started_at', '>=', cutDay * DAY_MS)
    .where('started_at', '<', (cutDay + 1) * DAY_MS)
    .where('state', '!=', 'running')
    .execute();
  for (let i = 0; i < left.length; i += CHUNK) {
    await addRollups(
      db,
      left.slice(i, i + CHUNK).map((row) => row.id),
    );
  }
}
