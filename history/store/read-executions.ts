/**
 * The ledger's reads for `history`, `show`, export and the sweep: rows mapped back to the
 * ledger's own types (history/types.ts), newest first.
 */
import type { Kysely, Selectable } from 'kysely';
import type {
  ExecutionDetail,
  ExecutionState,
  ExecutionSummary,
  IterationRow,
  ListQuery,
  MatchRow,
  ServiceReadinessRow,
  TaskRunRow,
  Trigger,
} from '../types.js';
import type { ExecutionsTable, HistoryDatabase, IterationsTable } from './tables.js';

type Db = Kysely<HistoryDatabase>;

export function toSummary(row: Selectable<ExecutionsTable>): ExecutionSummary {
  return {
    id: row.id,
    project: row.project,
    state: row.state as ExecutionState,
    stopReason: row.stop_reason,
    trigger: row.trigger as Trigger,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    timeToGreenMs: row.time_to_green_ms,
    iterations: row.iterations,
    maxIterations: row.max_iterations,
    mainClass: row.main_class,
    diagnosis: row.diagnosis,
    gitSha: row.git_sha,
    gitBranch: row.git_branch,
    host: row.host,
    pid: row.pid,
    version: row.version,
    configHash: row.config_hash,
    reportFile: row.report_file,
    orchestratorPgid: row.orchestrator_pgid,
  };
}

export async function selectExecutions(db: Db, query: ListQuery): Promise<ExecutionSummary[]> {
  let q = db.selectFrom('etl_cycle_executions').selectAll().where('project', '=', query.project);
  if (query.state) q = q.where('state', '=', query.state);
  if (query.since !== undefined) q = q.where('started_at', '>=', query.since);
  const rows = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(toSummary);
}

export async function selectRunning(db: Db, project: string): Promise<ExecutionSummary[]> {
  const rows = await db
    .selectFrom('etl_cycle_executions')
    .selectAll()
    .where('project', '=', project)
    .where('state', '=', 'running')
    .orderBy('started_at', 'asc')
    .execute();
  return rows.map(toSummary);
}

/** `latest` = the project's newest execution. */
export async function selectExecution(db: Db, project: string, id: string): Promise<ExecutionDetail | undefined> {
  const head =
    id === 'latest'
      ? await db
          .selectFrom('etl_cycle_executions')
          .selectAll()
          .where('project', '=', project)
          .orderBy('started_at', 'desc')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst()
      : await db.selectFrom('etl_cycle_executions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!head) return undefined;
  return { ...toSummary(head), iterationRows: (await selectIterations(db, [head.id])).get(head.id) ?? [] };
}

/** The iterations of these executions with their matches, readiness and task runs. */
export async function selectIterations(db: Db, ids: readonly string[]): Promise<Map<string, IterationRow[]>> {
  const byExecution = new Map<string, IterationRow[]>();
  if (ids.length === 0) return byExecution;
  const [iterations, matches, services, tasks] = await Promise.all([
    db
      .selectFrom('etl_cycle_iterations')
      .selectAll()
      .where('execution_id', 'in', ids)
      .orderBy('execution_id')
      .orderBy('iteration')
      .execute(),
    db.selectFrom('etl_cycle_matches').selectAll().where('execution_id', 'in', ids).orderBy('seq').execute(),
    db.selectFrom('etl_cycle_services').selectAll().where('execution_id', 'in', ids).orderBy('service').execute(),
    db.selectFrom('etl_cycle_task_runs').selectAll().where('execution_id', 'in', ids).orderBy('started_at').orderBy('task_id').execute(),
  ]);
  const key = (executionId: string, iteration: number) => `${executionId}#${iteration}`;
  const group = <T>(rows: readonly (T & { execution_id: string; iteration: number })[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const k = key(row.execution_id, row.iteration);
      const list = map.get(k);
      if (list) list.push(row);
      else map.set(k, [row]);
    }
    return map;
  };
  const matchesOf = group(matches);
  const servicesOf = group(services);
  const tasksOf = group(tasks);
  for (const row of iterations) {
    const k = key(row.execution_id, row.iteration);
    const list = byExecution.get(row.execution_id) ?? [];
    list.push(
      toIteration(
        row,
        (matchesOf.get(k) ?? []).map((m): MatchRow => ({
          class: m.class,
          pattern: m.pattern,
          source: m.source,
          line: m.line,
          text: m.text,
        })),
        (servicesOf.get(k) ?? []).map((s): ServiceReadinessRow => ({
          service: s.service,
          ready: s.ready === 1,
          readyAfterMs: s.ready_after_ms,
        })),
        (tasksOf.get(k) ?? []).map((t): TaskRunRow => ({
          taskId: t.task_id,
          orchestrationId: t.orchestration_id,
          status: t.status,
          attempts: t.attempts,
          startedAt: t.started_at,
          durationMs: t.duration_ms,
          exitCode: t.exit_code,
          error: t.error,
          rowsRead: t.rows_read,
          rowsWritten: t.rows_written,
          rowsRejected: t.rows_rejected,
        })),
      ),
    );
    byExecution.set(row.execution_id, list);
  }
  return byExecution;
}

function toIteration(
  row: Selectable<IterationsTable>,
  matches: MatchRow[],
  services: ServiceReadinessRow[],
  tasks: TaskRunRow[],
): IterationRow {
  return {
    iteration: row.iteration,
    state: row.state as IterationRow['state'],
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    failedPhase: row.failed_phase,
    primaryClass: row.primary_class,
    failedTask: row.failed_task,
    phases: {
      snapshot: row.snapshot_ms,
      cleanup: row.cleanup_ms,
      rebuild: row.rebuild_ms,
      orchestrate: row.orchestrate_ms,
      validate: row.validate_ms,
      backoff: row.backoff_ms,
    },
    orchestratorExitCode: row.orchestrator_exit_code,
    orchestratorTimedOut: row.orchestrator_timed_out === 1,
    adjustments: parseJson(row.adjustments, []),
    plan: parseJson(row.plan, null),
    diagnosis: row.diagnosis,
    matches,
    services,
    tasks,
  };
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Every execution of `project` (or of every project), oldest first, in pages (export). */
export async function* selectAllExecutions(db: Db, project: string | undefined, pageSize = 500): AsyncGenerator<ExecutionDetail> {
  let after: { startedAt: number; id: string } | undefined;
  for (;;) {
    let q = db.selectFrom('etl_cycle_executions').selectAll();
    if (project !== undefined) q = q.where('project', '=', project);
    if (after) {
      const { startedAt, id } = after;
      q = q.where((eb) => eb.or([eb('started_at', '>', startedAt), eb.and([eb('started_at', '=', startedAt), eb('id', '>', id)])]));
    }
    const page = await q.orderBy('started_at').orderBy('id').limit(pageSize).execute();
    if (page.length === 0) return;
    const iterations = await selectIterations(
      db,
      page.map((row) => row.id),
    );
    for (const row of page) yield { ...toSummary(row), iterationRows: iterations.get(row.id) ?? [] };
    const last = page[page.length - 1]!;
    after = { startedAt: last.started_at, id: last.id };
  }
}
