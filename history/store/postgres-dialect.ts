/**
 * The PostgreSQL side of the ledger (history.url or ETL_CYCLE_HISTORY_URL), for teams whose CI
 * runners share one history: kysely's PostgresDialect over a small pg pool, and the project
 * lock as a session-level advisory lock on a connection of its own, held for the whole run and
 * released by the server when that connection dies (a SIGKILLed agent cannot leave it behind).
 * The only file that imports pg.
 */
import { createHash } from 'node:crypto';
import { PostgresDialect } from 'kysely';
import type { Dialect } from 'kysely';
import pg from 'pg';

const CONNECT_TIMEOUT_MS = 5_000;
/** bigint (count, sums, our epoch-ms columns) and numeric arrive as strings by default; every value of ours fits a double. */
const NUMERIC_OIDS = new Set([20, 1700]);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    NUMERIC_OIDS.has(oid) ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function clientConfig(url: string): pg.ClientConfig {
  return { connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true, application_name: 'etl-cycle', types };
}

export function openPostgresDialect(url: string): Dialect {
  const pool = new pg.Pool({ ...clientConfig(url), max: 4, idleTimeoutMillis: 10_000 });
  // An idle client that loses its server must not crash the agent; the next query reports it.
  pool.on('error', () => undefined);
  return new PostgresDialect({ pool });
}

/** Two 32-bit keys: etl-cycle's own class id, and the project's name hashed. */
function lockKeys(project: string): [number, number] {
  const digest = createHash('sha256').update(`etl-cycle project ${project}`).digest();
  return [0x45544c43 /* "ETLC" */, digest.readInt32BE(0)];
}

export interface AdvisoryLock {
  release(): Promise<void>;
}

/**
 * The project's advisory lock, or undefined when another session holds it. `onLost` is called
 * if the lock's connection breaks while held (the lock is gone with it).
 */
export async function tryAdvisoryLock(url: string, project: string, onLost: (error: Error) => void): Promise<AdvisoryLock | undefined> {
  const client = new pg.Client(clientConfig(url));
  await client.connect();
  let released = false;
  let lost = false;
  // A broken connection can emit more than one error (the server's termination, then the
  // socket's end): the lock is lost once, so it is told once.
  client.on('error', (error) => {
    if (released || lost) return;
    lost = true;
    onLost(error);
  });
  const [classId, objectId] = lockKeys(project);
  try {
    const result = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1, $2) as locked', [classId, objectId]);
    if (result.rows[0]?.locked !== true) {
      released = true;
      await client.end();
      return undefined;
    }
  } catch (error) {
    released = true;
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    release: async () => {
      if (released) return;
      released = true;
      // Closing the session releases every advisory lock it held.
      await client.end().catch(() => undefined);
    },
  };
}
