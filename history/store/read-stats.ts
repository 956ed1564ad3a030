/**
 * What `stats` and the deadline learner read: counts and sums the database does well, and the
 * columns percentiles need (one number per row), so 100 000 executions stay well under a second.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { StatsInput } from '../stats.js';
import type { ExecutionState, LearningInput } from '../types.js';
import type { HistoryDatabase } from './tables.js';

type Db = Kysely<HistoryDatabase>;

/** Task states that count as a failed run (skipped tasks did not run). */
const FAILED_TASK_STATES = ['failed', 'timed_out'];

export async function selectStatsInput(db: Db, project: string, since: number | undefined): Promise<StatsInput> {
  const windowed = () => {
    let q = db.selectFrom('etl_cycle_executions').where('project', '=', project);
    if (since !== undefined) q = q.where('started_at', '>=', since);
    return q;
  };
  const inWindow = () => windowed().select('id');
  const [counts, green, classes, tasks, durations] = await Promise.all([
    windowed()
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute(),
    windowed().select(['time_to_green_ms', 'iterations']).where('state', '=', 'success').execute(),
    db
      .selectFrom('etl_cycle_iterations')
      .select([
        'primary_class',
        (eb) => eb.fn.countAll<number>().as('iterations'),
        (eb) => eb.fn.count<number>('execution_id').distinct().as('executions'),
      ])
      .where('state', '=', 'failed')
      .where('primary_class', 'is not', null)
      .where('execution_id', 'in', inWindow())
      .groupBy('primary_class')
      .execute(),
    db
      .selectFrom('etl_cycle_task_runs')
      .select([
        'task_id',
        (eb) => eb.fn.countAll<number>().as('runs'),
        (eb) => eb.fn.sum<number>(eb.case().when('status', 'in', FAILED_TASK_STATES).then(1).else(0).end()).as('failures'),
      ])
      .where('status', '!=', 'skipped')
      .where('execution_id', 'in', inWindow())
      .groupBy('task_id')
      .execute(),
    db
      .selectFrom('etl_cycle_task_runs')
      .select(['task_id', 'duration_ms'])
      .where('status', '=', 'succeeded')
      .where('duration_ms', 'is not', null)
      .where('execution_id', 'in', inWindow())
      .execute(),
  ]);
  const succeededMs = new Map<string, number[]>();
  for (const row of durations) {
    const list = succeededMs.get(row.task_id);
    if (list) list.push(row.duration_ms!);
    else succeededMs.set(row.task_id, [row.duration_ms!]);
  }
  return {
    since,
    counts: Object.fromEntries(counts.map((row) => [row.state as ExecutionState, Number(row.n)])),
    green: {
      timeToGreenMs: green.flatMap((row) => (row.time_to_green_ms === null ? [] : [row.time_to_green_ms])),
      iterations: green.map((row) => row.iterations),
    },
    failureClasses: classes.map((row) => ({
      class: row.primary_class!,
      iterations: Number(row.iterations),
      executions: Number(row.executions),
    })),
    tasks: tasks.map((row) => ({
      taskId: row.task_id,
      runs: Number(row.runs),
      failures: Number(row.failures ?? 0),
      succeededMs: succeededMs.get(row.task_id) ?? [],
    })),
  };
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
