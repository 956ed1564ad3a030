/**
 * Opens the ledger: the file or the database, then its schema brought up to date by the
 * versioned migrations (kysely's Migrator, migrations kept in the code). A store with migrations
 * this version does not know was written by a newer etl-cycle and is left untouched.
 */
import { Kysely, Migrator } from 'kysely';
import type { Dialect } from 'kysely';
import { HistoryStore } from './history-store.js';
import type { HistoryLocation } from './location.js';
import { MIGRATION_NAMES, migrationProvider } from './migrations.js';
import { newerSchemaError, toStoreError } from './store-errors.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from './tables.js';
import type { HistoryDatabase } from './tables.js';

export async function openHistoryStore(location: HistoryLocation): Promise<HistoryStore> {
  let db: Kysely<HistoryDatabase> | undefined;
  try {
    db = new Kysely<HistoryDatabase>({ dialect: await dialectFor(location) });
    await refuseNewerSchema(db, location);
    const migrator = new Migrator({
      db,
      provider: migrationProvider(location.flavour),
      migrationTableName: MIGRATION_TABLE,
      migrationLockTableName: MIGRATION_LOCK_TABLE,
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
    return new HistoryStore(db, location);
  } catch (error) {
    await db?.destroy().catch(() => undefined);
    throw toStoreError(location, error, 'open it');
  }
}

async function dialectFor(location: HistoryLocation): Promise<Dialect> {
  if (location.flavour === 'sqlite') {
    const { openSqliteDialect } = await import('./sqlite-dialect.js');
    return openSqliteDialect(location.path);
  }
  const { openPostgresDialect } = await import('./postgres-dialect.js');
  return openPostgresDialect(location.url);
}

async function refuseNewerSchema(db: Kysely<HistoryDatabase>, location: HistoryLocation): Promise<void> {
  let applied: { name: string }[];
  try {
    applied = await (db as unknown as Kysely<Record<string, { name: string }>>).selectFrom(MIGRATION_TABLE).select('name').execute();
  } catch (error) {
    // A new store: no migration has run yet.
    if (isMissingTable(error)) return;
    throw error;
  }
  const known = new Set<string>(MIGRATION_NAMES);
  const unknown = applied.map((row) => row.name).filter((name) => !known.has(name));
  if (unknown.length > 0) throw newerSchemaError(location, MIGRATION_NAMES.length, unknown);
}

function isMissingTable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '42P01' || (typeof message === 'string' && /no such table/i.test(message));
}
