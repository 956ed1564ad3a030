/**
 * The ledger's schema, as versioned migrations kept in the code (kysely's Migrator runs the
 * missing ones when a store is opened). Never edit a released migration: add the next one.
 * The names sort in the order they run; LATEST_SCHEMA is the number of the newest.
 */
import { sql } from 'kysely';
import type { CreateTableBuilder, Kysely, Migration, MigrationProvider } from 'kysely';

export type StoreFlavour = 'sqlite' | 'postgres';

/** SQLite keeps a child row inside its primary-key tree (no second copy of the key in a rowid table). */
function compact<T extends string, C extends string>(builder: CreateTableBuilder<T, C>, flavour: StoreFlavour): CreateTableBuilder<T, C> {
  return flavour === 'sqlite' ? builder.modifyEnd(sql`without rowid`) : builder;
}

function initialSchema(flavour: StoreFlavour): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('etl_cycle_executions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('stop_reason', 'text')
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .addColumn('duration_ms', 'bigint')
        .addColumn('time_to_green_ms', 'bigint')
        .addColumn('iterations', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_iterations', 'integer', (c) => c.notNull())
        .addColumn('main_class', 'text')
        .addColumn('diagnosis', 'text')
        .addColumn('git_sha', 'text')
        .addColumn('git_branch', 'text')
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('config_hash', 'text')
        .addColumn('report_file', 'text')
        .addColumn('orchestrator_pgid', 'integer')
        .execute();
      // history (newest first, by project) and stats (a time window, by state) read through these.
      await db.schema
        .createIndex('etl_cycle_executions_by_time')
        .on('etl_cycle_executions')
        .columns(['project', 'started_at', 'state'])
        .execute();
      await db.schema.createIndex('etl_cycle_executions_by_state').on('etl_cycle_executions').columns(['project', 'state']).execute();

      await compact(
        db.schema
          .createTable('etl_cycle_iterations')
          .addColumn('execution_id', 'text', (c) => c.notNull())
          .addColumn('iteration', 'integer', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('started_at', 'bigint', (c) => c.notNull())
          .addColumn('ended_at', 'bigint', (c) => c.notNull())
          .addColumn('duration_ms', 'bigint', (c) => c.notNull())
          .addColumn('failed_phase', 'text')
          .addColumn('primary_class', 'text')
          .addColumn('failed_task', 'text')
          .addColumn('snapshot_ms', 'bigint')
          .addColumn('cleanup_ms', 'bigint')
          .addColumn('rebuild_ms', 'bigint')
          .addColumn('orchestrate_ms', 'bigint')
          .addColumn('validate_ms', 'bigint')
          .addColumn('backoff_ms', 'bigint')
          .addColumn('orchestrator_exit_code', 'integer')
          .addColumn('orchestrator_timed_out', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('adjustments', 'text', (c) => c.notNull())
          .addColumn('plan', 'text', (c) => c.notNull())
          .addColumn('diagnosis', 'text')
          .addPrimaryKeyConstraint('etl_cycle_iterations_pk', ['execution_id', 'iteration']),
        flavour,
      ).execute();

      await compact(
        db.schema
          .createTable('etl_cycle_matches')
          .addColumn('execution_id', 'text', (c) => c.notNull())
          .addColumn('iteration', 'integer', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('class', 'text', (c) => c.notNull())
          .addColumn('pattern', 'text', (c) => c.notNull())
          .addColumn('source', 'text')
          .addColumn('line', 'integer', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('etl_cycle_matches_pk', ['execution_id', 'iteration', 'seq']),
        flavour,
      ).execute();

      await compact(
        db.schema
          .createTable('etl_cycle_services')
          .addColumn('execution_id', 'text', (c) => c.notNull())
          .addColumn('iteration', 'integer', (c) => c.notNull())
          .addColumn('service', 'text', (c) => c.notNull())
          .addColumn('ready', 'integer', (c) => c.notNull())
          .addColumn('ready_after_ms', 'bigint')
          .addPrimaryKeyConstraint('etl_cycle_services_pk', ['execution_id', 'iteration', 'service']),
        flavour,
      ).execute();

      await compact(
        db.schema
          .createTable('etl_cycle_task_runs')
          .addColumn('execution_id', 'text', (c) => c.notNull())
          .addColumn('iteration', 'integer', (c) => c.notNull())
          .addColumn('task_id', 'text', (c) => c.notNull())
          .addColumn('orchestration_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('started_at', 'bigint')
          .addColumn('duration_ms', 'bigint')
          .addColumn('exit_code', 'integer')
          .addColumn('error', 'text')
          .addColumn('rows_read', 'bigint')
          .addColumn('rows_written', 'bigint')
          .addColumn('rows_rejected', 'bigint')
          .addPrimaryKeyConstraint('etl_cycle_task_runs_pk', ['execution_id', 'iteration', 'task_id']),
        flavour,
      ).execute();

      // Counters per project, UTC day, series and bucket (history/rollup.ts): what `stats` adds up.
      await compact(
        db.schema
          .createTable('etl_cycle_rollups')
          .addColumn('project', 'text', (c) => c.notNull())
          .addColumn('day', 'integer', (c) => c.notNull())
          .addColumn('series', 'text', (c) => c.notNull())
          .addColumn('bucket', 'text', (c) => c.notNull())
          .addColumn('n', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('etl_cycle_rollups_pk', ['project', 'day', 'series', 'bucket']),
        flavour,
      ).execute();
    },
  };
}

/**
 * The data area (docs/data.md): one row per run of a workflow's time window. A window that only
 * ever failed is a gap; the index serves the overlap check and the gap listing.
 */
function dataWindows(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('etl_cycle_windows')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project', 'text', (c) => c.notNull())
        .addColumn('workflow', 'text', (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('window_end', 'bigint', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('execution_id', 'text')
        .addColumn('failure_class', 'text')
        .addColumn('error', 'text')
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('etl_cycle_windows_by_range')
        .on('etl_cycle_windows')
        .columns(['project', 'workflow', 'window_start'])
        .execute();
    },
  };
}

/**
 * Alerts and the scheduler: every delivery attempt of an alert (alerts/deliver-alert.ts) and
 * every tick of `serve --schedule` (started, skipped because a run was going, caught up).
 */
function alertsAndSchedule(flavour: StoreFlavour): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await compact(
        db.schema
          .createTable('etl_cycle_alert_deliveries')
          .addColumn('delivery_id', 'text', (c) => c.notNull())
          .addColumn('attempt', 'integer', (c) => c.notNull())
          .addColumn('execution_id', 'text')
          .addColumn('project', 'text', (c) => c.notNull())
          .addColumn('webhook', 'text', (c) => c.notNull())
          .addColumn('event', 'text', (c) => c.notNull())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('duration_ms', 'bigint', (c) => c.notNull())
          .addColumn('http_status', 'integer')
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('error', 'text')
          .addPrimaryKeyConstraint('etl_cycle_alert_deliveries_pk', ['delivery_id', 'attempt']),
        flavour,
      ).execute();
      await db.schema
        .createIndex('etl_cycle_alert_deliveries_by_time')
        .on('etl_cycle_alert_deliveries')
        .columns(['project', 'at'])
        .execute();
      await compact(
        db.schema
          .createTable('etl_cycle_schedule_ticks')
          .addColumn('project', 'text', (c) => c.notNull())
          .addColumn('scheduled_at', 'bigint', (c) => c.notNull())
          .addColumn('fired_at', 'bigint', (c) => c.notNull())
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('execution_id', 'text')
          .addColumn('reason', 'text')
          .addPrimaryKeyConstraint('etl_cycle_schedule_ticks_pk', ['project', 'scheduled_at', 'fired_at']),
        flavour,
      ).execute();
    },
  };
}

/** Migration names in the order they run. */
export const MIGRATION_NAMES = ['0001_initial', '0002_data_windows', '0003_alerts_and_schedule'] as const;
export const LATEST_SCHEMA = MIGRATION_NAMES.length;

export function migrationProvider(flavour: StoreFlavour): MigrationProvider {
  return {
    getMigrations: async () => ({
      '0001_initial': initialSchema(flavour),
      '0002_data_windows': dataWindows(),
      '0003_alerts_and_schedule': alertsAndSchedule(flavour),
    }),
  };
}
