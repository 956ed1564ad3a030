/**
 * The ledger's writes. Every state change of an execution is one transaction: its start, each
 * iteration with everything under it (classes and matched lines, readiness, task runs), its end,
 * and the sweep of runs a dead process left `running`. A crash between two of them leaves the
 * ledger at the last completed change, never half of one.
 */
import type { Kysely, Transaction } from 'kysely';
import type { ExecutionDetail, ExecutionEnd, ExecutionStart, IterationRow } from '../types.js';
import { addRollups, pruneRollups } from './rollups.js';
import type { HistoryDatabase } from './tables.js';

type Db = Kysely<HistoryDatabase> | Transaction<HistoryDatabase>;

const bool = (value: boolean) => (value ? 1 : 0);

export async function insertExecution(db: Db, start: ExecutionStart): Promise<void> {
  await db
    .insertInto('etl_cycle_executions')
    .values({
      id: start.id,
      project: start.project,
      state: 'running',
      stop_reason: 'running',
      trigger: start.trigger,
      started_at: start.startedAt,
      ended_at: null,
      duration_ms: null,
      time_to_green_ms: null,
      iterations: 0,
      max_iterations: start.maxIterations,
      main_class: null,
      diagnosis: null,
      git_sha: start.gitSha,
      git_branch: start.gitBranch,
      host: start.host,
      pid: start.pid,
      version: start.version,
      config_hash: start.configHash,
      report_file: start.reportFile,
      orchestrator_pgid: null,
    })
    .execute();
}

/** One iteration and what hangs off it; `execution` gets its iteration count and main class. */
export async function insertIteration(
  db: Db,
  executionId: string,
  row: IterationRow,
  orchestratorPgid: number | null = null,
): Promise<void> {
  await db
    .insertInto('etl_cycle_iterations')
    .values({
      execution_id: executionId,
      iteration: row.iteration,
      state: row.state,
      started_at: row.startedAt,
      ended_at: row.endedAt,
      duration_ms: row.durationMs,
      failed_phase: row.failedPhase,
      primary_class: row.primaryClass,
      failed_task: row.failedTask,
      snapshot_ms: row.phases.snapshot,
      cleanup_ms: row.phases.cleanup,
      rebuild_ms: row.phases.rebuild,
      orchestrate_ms: row.phases.orchestrate,
      validate_ms: row.phases.validate,
      backoff_ms: row.phases.backoff,
      orchestrator_exit_code: row.orchestratorExitCode,
      orchestrator_timed_out: bool(row.orchestratorTimedOut),
      adjustments: JSON.stringify(row.adjustments),
      plan: JSON.stringify(row.plan ?? null),
      diagnosis: row.diagnosis,
    })
    .execute();
  if (row.matches.length > 0) {
    await db
      .insertInto('etl_cycle_matches')
      .values(
        row.matches.map((m, seq) => ({
          execution_id: executionId,
          iteration: row.iteration,
          seq,
          class: m.class,
          pattern: m.pattern,
          source: m.source,
          line: m.line,
          text: m.text,
        })),
      )
      .execute();
  }
  if (row.services.length > 0) {
    await db
      .insertInto('etl_cycle_services')
      .values(
        row.services.map((s) => ({
          execution_id: executionId,
          iteration: row.iteration,
          service: s.service,
          ready: bool(s.ready),
          ready_after_ms: s.readyAfterMs,
        })),
      )
      .execute();
  }
  if (row.tasks.length > 0) {
    await db
      .insertInto('etl_cycle_task_runs')
      .values(
        row.tasks.map((t) => ({
          execution_id: executionId,
          iteration: row.iteration,
          task_id: t.taskId,
          orchestration_id: t.orchestrationId,
          status: t.status,
          attempts: t.attempts,
          started_at: t.startedAt,
          duration_ms: t.durationMs,
          exit_code: t.exitCode,
          error: t.error,
          rows_read: t.rowsRead,
          rows_written: t.rowsWritten,
          rows_rejected: t.rowsRejected,
        })),
      )
      .execute();
  }
  await db
    .updateTable('etl_cycle_executions')
    .set({
      iterations: row.iteration,
      ...(row.primaryClass ? { main_class: row.primaryClass } : {}),
      ...(orchestratorPgid === null ? {} : { orchestrator_pgid: orchestratorPgid }),
    })
    .where('id', '=', executionId)
    .execute();
}

/**
 * Only a running execution ends (once); its statistics are counted in the same transaction.
 * False when it was not running any more (another etl-cycle took it for dead and ended it).
 */
export async function updateExecutionEnd(db: Db, executionId: string, end: ExecutionEnd): Promise<boolean> {
  const result = await db
    .updateTable('etl_cycle_executions')
    .set({
      state: end.state,
      stop_reason: end.stopReason,
      ended_at: end.endedAt,
      duration_ms: end.durationMs,
      time_to_green_ms: end.timeToGreenMs,
      iterations: end.iterations,
      diagnosis: end.diagnosis,
      ...(end.mainClass ? { main_class: end.mainClass } : {}),
    })
    .where('id', '=', executionId)
    .where('state', '=', 'running')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  for (const [iteration, ms] of Object.entries(end.backoffMs)) {
    await db
      .updateTable('etl_cycle_iterations')
      .set({ backoff_ms: ms })
      .where('execution_id', '=', executionId)
      .where('iteration', '=', Number(iteration))
      .execute();
  }
  await addRollups(db, [executionId]);
  return true;
}

/** Executions a dead process left `running` become `interrupted`; returns how many changed. */
export async function markInterrupted(db: Db, ids: readonly string[], endedAt: (id: string) => number, diagnosis: string): Promise<number> {
  let changed = 0;
  for (const id of ids) {
    const row = await db
      .selectFrom('etl_cycle_executions')
      .select(['started_at'])
      .where('id', '=', id)
      .where('state', '=', 'running')
      .executeTakeFirst();
    if (!row) continue;
    const end = Math.max(endedAt(id), row.started_at);
    const result = await db
      .updateTable('etl_cycle_executions')
      .set({ state: 'interrupted', stop_reason: 'interrupted', ended_at: end, duration_ms: end - row.started_at, diagnosis })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) continue;
    changed += 1;
    await addRollups(db, [id]);
  }
  return changed;
}

/** Deletes the project's finished executions started before `before`; returns how many. */
export async function deleteExecutionsBefore(db: Db, project: string, before: number): Promise<number> {
  const old = (q: Db) =>
    q
      .selectFrom('etl_cycle_executions')
      .select('id')
      .where('project', '=', project)
      .where('started_at', '<', before)
      .where('state', '!=', 'running');
  for (const table of ['etl_cycle_matches', 'etl_cycle_services', 'etl_cycle_task_runs', 'etl_cycle_iterations'] as const) {
    await db.deleteFrom(table).where('execution_id', 'in', old(db)).execute();
  }
  const result = await db.deleteFrom('etl_cycle_executions').where('id', 'in', old(db)).executeTakeFirst();
  await pruneRollups(db, project, before);
  return Number(result.numDeletedRows);
}

/** An execution moved from another store (`history import`): written as it was; false when the id is already here. */
export async function insertExecutionDetail(db: Db, detail: ExecutionDetail): Promise<boolean> {
  const exists = await db.selectFrom('etl_cycle_executions').select('id').where('id', '=', detail.id).executeTakeFirst();
  if (exists) return false;
  await insertExecution(db, detail);
  for (const row of detail.iterationRows) await insertIteration(db, detail.id, row);
  await db
    .updateTable('etl_cycle_executions')
    .set({
      state: detail.state,
      stop_reason: detail.stopReason,
      ended_at: detail.endedAt,
      duration_ms: detail.durationMs,
      time_to_green_ms: detail.timeToGreenMs,
      iterations: detail.iterations,
      main_class: detail.mainClass,
      diagnosis: detail.diagnosis,
      orchestrator_pgid: detail.orchestratorPgid,
    })
    .where('id', '=', detail.id)
    .execute();
  await addRollups(db, [detail.id]);
  return true;
}
