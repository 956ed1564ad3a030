/**
 * What `stats` and the deadline learner read: `stats` sums the per-day counters (rollups.ts), so
 * its cost follows the days and series in the window, not the executions; the learner reads the
 * raw values of the newest green runs only.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { dayOf, DAY_MS, rollupEntries, statsInputFromRollups } from '../rollup.js';
import type { RollupEntry } from '../rollup.js';
import type { StatsInput } from '../stats.js';
import type { LearningInput } from '../types.js';
import { assembleFacts } from './rollups.js';
import type { HistoryDatabase } from './tables.js';

type Db = Kysely<HistoryDatabase>;

/**
 * Whole days come from the rollups; the day the window starts in is split, so its executions
 * from `since` on are counted from their rows, with the same rollupEntries (one definition).
 */
export async function selectStatsInput(db: Db, project: string, since: number | undefined): Promise<StatsInput> {
  let summed = db
    .selectFrom('etl_cycle_rollups')
    .select(['series', 'bucket', (eb) => eb.fn.sum<number>('n').as('n')])
    .where('project', '=', project);
  if (since !== undefined) summed = summed.where('day', '>', dayOf(since));
  let running = db
    .selectFrom('etl_cycle_executions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project', '=', project)
    .where('state', '=', 'running');
  if (since !== undefined) running = running.where('started_at', '>=', since);
  const [rows, runningRow, partial] = await Promise.all([
    summed.groupBy(['series', 'bucket']).execute(),
    running.executeTakeFirstOrThrow(),
    since === undefined ? Promise.resolve([]) : partialDay(db, project, since),
  ]);
  const entries: RollupEntry[] = rows.map((row) => ({ series: row.series, bucket: row.bucket, n: Number(row.n) }));
  return statsInputFromRollups([...entries, ...partial], since, Number(runningRow.n));
}

/** The counters of the window's first, partial day, from the rows of the executions it holds. */
async function partialDay(db: Db, project: string, since: number): Promise<RollupEntry[]> {
  const until = (dayOf(since) + 1) * DAY_MS;
  const [executions, iterations, tasks] = await Promise.all([
    db
      .selectFrom('etl_cycle_executions')
      .select(['id', 'project', 'state', 'iterations', 'time_to_green_ms', 'started_at'])
      .where('project', '=', project)
      .where('started_at', '>=', since)
      .where('started_at', '<', until)
      .where('state', '!=', 'running')
      .execute(),
    db
      .selectFrom('etl_cycle_executions as e')
      .innerJoin('etl_cycle_iterations as i', 'i.execution_id', 'e.id')
      .select(['i.execution_id', 'i.primary_class'])
      .where('e.project', '=', project)
      .where('e.started_at', '>=', since)
      .where('e.started_at', '<', until)
      .where('i.state', '=', 'failed')
      .where('i.primary_class', 'is not', null)
      .execute(),
    db
      .selectFrom('etl_cycle_executions as e')
      .innerJoin('etl_cycle_task_runs as t', 't.execution_id', 'e.id')
      .select(['t.execution_id', 't.task_id', 't.status', 't.duration_ms'])
      .where('e.project', '=', project)
      .where('e.started_at', '>=', since)
      .where('e.started_at', '<', until)
      .execute(),
  ]);
  return [...assembleFacts(executions, iterations, tasks).values()].flatMap(rollupEntries);
}

export async function selectLearningInput(db: Db, project: string, window: number): Promise<LearningInput> {
  const green = await db
    .selectFrom('etl_cycle_executions')
    .select(['id', 'iterations'])
    .where('project', '=', project)
    .where('state', '=', 'success')
    .orderBy('started_at', 'desc')
    .limit(window)
    .execute();
  const input: LearningInput = { greenRuns: green.length, readinessMs: {}, orchestrateMs: [], taskMs: {} };
  if (green.length === 0) return input;
  const ids = green.map((row) => row.id);
  // The green iteration is the execution's last; earlier ones failed and say less about what is needed.
  const lastIteration = new Map(green.map((row) => [row.id, row.iterations]));
  const greenIteration = (q: { execution_id: string; iteration: number }) => lastIteration.get(q.execution_id) === q.iteration;
  const [iterations, services, tasks] = await Promise.all([
    db
      .selectFrom('etl_cycle_iterations')
      .select(['execution_id', 'iteration', 'orchestrate_ms'])
      .where('execution_id', 'in', ids)
      .where('state', '=', 'success')
      .execute(),
    db
      .selectFrom('etl_cycle_services')
      .select(['execution_id', 'iteration', 'service', 'ready_after_ms'])
      .where('execution_id', 'in', ids)
      .where('ready', '=', 1)
      .where('ready_after_ms', 'is not', null)
      .execute(),
    db
      .selectFrom('etl_cycle_task_runs')
      .select(['execution_id', 'iteration', 'task_id', 'duration_ms'])
      .where('execution_id', 'in', ids)
      .where('status', '=', 'succeeded')
      .where('duration_ms', 'is not', null)
      .execute(),
  ]);
  for (const row of iterations) if (greenIteration(row) && row.orchestrate_ms !== null) input.orchestrateMs.push(row.orchestrate_ms);
  for (const row of services) if (greenIteration(row)) (input.readinessMs[row.service] ??= []).push(row.ready_after_ms!);
  for (const row of tasks) if (greenIteration(row)) (input.taskMs[row.task_id] ??= []).push(row.duration_ms!);
  return input;
}

/** Quick size facts for `history` footers and the benchmark. */
export async function countExecutions(db: Db, project: string): Promise<number> {
  const row = await db
    .selectFrom('etl_cycle_executions')
    .select(sql<number>`count(*)`.as('n'))
    .where('project', '=', project)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
