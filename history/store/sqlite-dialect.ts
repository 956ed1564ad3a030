/**
 * The SQLite side of the ledger: one file per project, opened through `libsql` (a
 * better-sqlite3-compatible binding whose prebuilt binary is an npm package per platform, so
 * it installs from the npm registry alone, with no compiler and no download from elsewhere)
 * and kysely's own SqliteDialect. The only file that imports the driver.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SqliteDialect } from 'kysely';
import type { Dialect } from 'kysely';

/** How long a write waits for another connection's transaction (a `history` reader, a prune) before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

export async function openSqliteDialect(path: string): Promise<Dialect> {
  await mkdir(dirname(path), { recursive: true });
  // Loaded here, not at the top: a platform without a prebuilt binary must cost the ledger, not the CLI.
  const { default: Database } = await import('libsql');
  const database = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    // WAL: readers (history, stats) never block the run's writes, nor the other way round.
    database.exec('PRAGMA journal_mode = WAL');
    // Every commit survives a killed process (WAL + NORMAL); the commits that start and end an
    // execution also survive a power loss: the store raises this to FULL around them (history-store.ts).
    database.exec('PRAGMA synchronous = NORMAL');
    database.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (error) {
    database.close();
    throw error;
  }
  return new SqliteDialect({ database });
}
