// Connection settings of the example's Node tasks, from the environment the orchestrator
// passes on: DB_HOST, DB_PORT (default 15432, as in compose.yaml), DB_NAME, LOADER_PASSWORD.
import pg from 'pg';

const env = (name, fallback) => process.env[name] ?? fallback;

export const loader = {
  host: env('DB_HOST', '127.0.0.1'),
  port: Number(env('DB_PORT', '15432')),
  database: env('DB_NAME', 'warehouse'),
  user: 'etl_loader',
  password: env('LOADER_PASSWORD', 'loader-secret'),
};

export async function withClient(settings, work) {
  const client = new pg.Client({ ...settings, connectionTimeoutMillis: 5000, statement_timeout: 30000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Print what the driver said, as real scripts do (this is what etl-cycle classifies), and exit 1. */
export function fail(step, error) {
  console.error(`${step} failed: ${error.message}`);
  if (error.code) console.error(`  (SQLSTATE/code ${error.code})`);
  process.exit(1);
}
