/**
 * The ledger's rows for alerts and the scheduler (migration 0003_alerts_and_schedule): every
 * delivery attempt of an alert, every tick of the scheduler, and the reads they need (the last
 * scheduled time that ran, for catch-up; the attempts, for `show` and the tests).
 */
import type { Kysely, Transaction } from 'kysely';
import type { HistoryDatabase } from './tables.js';

type Db = Kysely<HistoryDatabase> | Transaction<HistoryDatabase>;

export interface AlertDeliveryRow {
  deliveryId: string;
  attempt: number;
  executionId: string | null;
  project: string;
  webhook: string;
  event: string;
  at: number;
  durationMs: number;
  httpStatus: number | null;
  outcome: string;
  error: string | null;
}

export type ScheduleTickOutcome = 'started' | 'caught_up' | 'skipped';

export interface ScheduleTickRow {
  project: string;
  scheduledAt: number;
  firedAt: number;
  outcome: ScheduleTickOutcome;
  executionId: string | null;
  reason: string | null;
}

export async function insertAlertDelivery(db: Db, row: AlertDeliveryRow): Promise<void> {
  await db
    .insertInto('etl_cycle_alert_deliveries')
    .values({
      delivery_id: row.deliveryId,
      attempt: row.attempt,
      execution_id: row.executionId,
      project: row.project,
      webhook: row.webhook,
      event: row.event,
      at: row.at,
      duration_ms: Math.round(row.durationMs),
      http_status: row.httpStatus,
      outcome: row.outcome,
      error: row.error,
    })
    .execute();
}

export async function selectAlertDeliveries(db: Db, project: string, executionId?: string): Promise<AlertDeliveryRow[]> {
  let q = db.selectFrom('etl_cycle_alert_deliveries').selectAll().where('project', '=', project);
  if (executionId !== undefined) q = q.where('execution_id', '=', executionId);
  const rows = await q.orderBy('at', 'asc').orderBy('delivery_id').orderBy('attempt').execute();
  return rows.map((r) => ({
    deliveryId: r.delivery_id,
    attempt: Number(r.attempt),
    executionId: r.execution_id,
    project: r.project,
    webhook: r.webhook,
    event: r.event,
    at: Number(r.at),
    durationMs: Number(r.duration_ms),
    httpStatus: r.http_status === null ? null : Number(r.http_status),
    outcome: r.outcome,
    error: r.error,
  }));
}

export async function insertScheduleTick(db: Db, row: ScheduleTickRow): Promise<void> {
  await db
    .insertInto('etl_cycle_schedule_ticks')
    .values({
      project: row.project,
      scheduled_at: row.scheduledAt,
      fired_at: row.firedAt,
      outcome: row.outcome,
      execution_id: row.executionId,
      reason: row.reason,
    })
    .execute();
}

export async function selectScheduleTicks(db: Db, project: string, limit: number): Promise<ScheduleTickRow[]> {
  const rows = await db
    .selectFrom('etl_cycle_schedule_ticks')
    .selectAll()
    .where('project', '=', project)
    .orderBy('fired_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    project: r.project,
    scheduledAt: Number(r.scheduled_at),
    firedAt: Number(r.fired_at),
    outcome: r.outcome as ScheduleTickOutcome,
    executionId: r.execution_id,
    reason: r.reason,
  }));
}

/**
 * The newest scheduled time the ledger saw handled: a tick that started a run, caught up, or was
 * skipped because a run was going on (that time was not missed while down), else — a ledger from
 * before the scheduler, or runs started by cron/systemd with --trigger schedule — the start of
 * the newest execution triggered by a schedule. undefined = no scheduled run yet.
 */
export async function selectLastScheduledRun(db: Db, project: string): Promise<number | undefined> {
  const tick = await db
    .selectFrom('etl_cycle_schedule_ticks')
    .select((eb) => eb.fn.max('scheduled_at').as('at'))
    .where('project', '=', project)
    .executeTakeFirst();
  const execution = await db
    .selectFrom('etl_cycle_executions')
    .select((eb) => eb.fn.max('started_at').as('at'))
    .where('project', '=', project)
    .where('trigger', '=', 'schedule')
    .executeTakeFirst();
  const times = [tick?.at, execution?.at].filter((t) => t !== null && t !== undefined).map(Number);
  return times.length ? Math.max(...times) : undefined;
}

/** Retention: attempts and ticks older than `before` go with the executions. */
export async function deleteAlertAndTickRowsBefore(db: Db, project: string, before: number): Promise<void> {
  await db.deleteFrom('etl_cycle_alert_deliveries').where('project', '=', project).where('at', '<', before).execute();
  await db.deleteFrom('etl_cycle_schedule_ticks').where('project', '=', project).where('fired_at', '<', before).execute();
}
