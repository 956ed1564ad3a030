#!/usr/bin/env node
// The example's orchestrator, written the way ETL teams write theirs: one script that
// creates the users and their grants, applies the schema, loads a CSV idempotently (upsert by
// primary key) and checks what it loaded. It does not retry anything itself: etl-cycle does.
//
// Environment: DB_HOST, DB_PORT, DB_NAME, DB_ADMIN_USER, DB_ADMIN_PASSWORD, LOADER_PASSWORD,
// CSV_FILE, MIN_ACCEPTANCE_RATIO. etl-cycle adds ETL_CYCLE_ITERATION and friends.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const env = (name, fallback) => process.env[name] ?? fallback;
const db = {
  host: env('DB_HOST', '127.0.0.1'),
  port: Number(env('DB_PORT', '15432')),
  database: env('DB_NAME', 'warehouse'),
};
const admin = { ...db, user: env('DB_ADMIN_USER', 'etl_admin'), password: env('DB_ADMIN_PASSWORD', 'admin-secret') };
const loader = { ...db, user: 'etl_loader', password: env('LOADER_PASSWORD', 'loader-secret') };
const csvFile = env('CSV_FILE', fileURLToPath(new URL('../data/customers.csv', import.meta.url)));
const minRatio = Number(env('MIN_ACCEPTANCE_RATIO', '0.9'));
const SCHEMA_VERSION = 1;

const log = (message) => console.log(`${new Date().toISOString()} ${message}`);

async function withClient(settings, work) {
  const client = new pg.Client({ ...settings, connectionTimeoutMillis: 5000, statement_timeout: 30000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createUsersAndGrants(client) {
  log('step 1/4: users and permissions');
  await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'etl_loader') THEN CREATE ROLE etl_loader LOGIN; END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'etl_reader') THEN CREATE ROLE etl_reader LOGIN; END IF;
    END $$`);
  await client.query(`ALTER ROLE etl_loader PASSWORD ${pg.escapeLiteral(loader.password)}`);
  log('  roles etl_loader, etl_reader ready');
}

async function applySchema(client) {
  log('step 2/4: schema');
  await client.query('CREATE SCHEMA IF NOT EXISTS etl');
  await client.query('CREATE TABLE IF NOT EXISTS etl.schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  const { rows } = await client.query('SELECT max(version) AS version FROM etl.schema_migrations');
  if ((rows[0].version ?? 0) >= SCHEMA_VERSION) {
    // Trusting the marker is what makes a half-applied migration from a crashed run bite.
    log(`  schema already at version ${rows[0].version}, skipping DDL`);
    return;
  }
  await client.query('BEGIN');
  await client.query(`CREATE TABLE etl.customers (
      customer_id integer PRIMARY KEY,
      full_name text NOT NULL,
      email text NOT NULL,
      city text NOT NULL,
      signup_date date NOT NULL,
      lifetime_value numeric(12,2) NOT NULL,
      loaded_at timestamptz NOT NULL DEFAULT now())`);
  await client.query('CREATE TABLE etl.load_audit (run_id text, rows_read int, rows_valid int, rows_in_table int, acceptance_ratio numeric(5,4), loaded_at timestamptz DEFAULT now())');
  await client.query('GRANT USAGE ON SCHEMA etl TO etl_loader, etl_reader');
  await client.query('GRANT SELECT, INSERT, UPDATE ON etl.customers, etl.load_audit TO etl_loader');
  await client.query('GRANT SELECT ON ALL TABLES IN SCHEMA etl TO etl_reader');
  await client.query('INSERT INTO etl.schema_migrations (version) VALUES ($1)', [SCHEMA_VERSION]);
  await client.query('COMMIT');
  log(`  schema version ${SCHEMA_VERSION} applied`);
}

function parseCsv(text) {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
}

function isValid(row) {
  const date = new Date(`${row.signup_date}T00:00:00Z`);
  return /^\d+$/.test(row.customer_id) && row.email.includes('@') && !Number.isNaN(date.getTime())
    && date.toISOString().startsWith(row.signup_date) && !Number.isNaN(Number(row.lifetime_value));
}

async function ingest(client) {
  log(`step 3/4: ingest ${csvFile}`);
  const rows = parseCsv(await readFile(csvFile, 'utf8'));
  const valid = rows.filter(isValid);
  await client.query('BEGIN');
  for (const row of valid) {
    // Idempotent: a rerun updates the same rows instead of duplicating them.
    await client.query(`INSERT INTO etl.customers (customer_id, full_name, email, city, signup_date, lifetime_value)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (customer_id) DO UPDATE SET full_name = EXCLUDED.full_name, email = EXCLUDED.email,
          city = EXCLUDED.city, signup_date = EXCLUDED.signup_date, lifetime_value = EXCLUDED.lifetime_value, loaded_at = now()`,
      [Number(row.customer_id), row.full_name, row.email, row.city, row.signup_date, Number(row.lifetime_value)]);
  }
  await client.query('COMMIT');
  log(`  ${rows.length} rows read, ${valid.length} valid, ${rows.length - valid.length} rejected`);
  return { read: rows.length, valid: valid.length, distinct: new Set(valid.map((r) => r.customer_id)).size };
}

async function check(client, counts) {
  log('step 4/4: checks');
  const { rows } = await client.query('SELECT count(*)::int AS n FROM etl.customers');
  const inTable = rows[0].n;
  const ratio = counts.valid / counts.read;
  await client.query('INSERT INTO etl.load_audit (run_id, rows_read, rows_valid, rows_in_table, acceptance_ratio) VALUES ($1, $2, $3, $4, $5)',
    [process.env.ETL_CYCLE_EXECUTION_ID ?? 'manual', counts.read, counts.valid, inTable, ratio.toFixed(4)]);
  log(`  customers in table: ${inTable} (expected ${counts.distinct}); acceptance ratio ${ratio.toFixed(3)} (minimum ${minRatio})`);
  if (inTable !== counts.distinct) throw new Error(`row count check failed: ${inTable} rows in etl.customers, expected ${counts.distinct}`);
  if (ratio < minRatio) throw new Error(`acceptance ratio ${ratio.toFixed(3)} is below the minimum ${minRatio}`);
}

log(`ETL run against ${db.host}:${db.port}/${db.database} (iteration ${process.env.ETL_CYCLE_ITERATION ?? '-'})`);
try {
  await withClient(admin, async (client) => {
    await createUsersAndGrants(client);
    await applySchema(client);
  });
  const counts = await withClient(loader, ingest);
  await withClient(loader, (client) => check(client, counts));
  log('ETL run complete');
} catch (error) {
  // Print what the driver said, as real scripts do: this is what etl-cycle classifies.
  console.error(`ETL run failed: ${error.message}`);
  if (error.code) console.error(`  (SQLSTATE/code ${error.code})`);
  process.exit(1);
}
