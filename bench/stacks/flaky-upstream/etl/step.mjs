#!/usr/bin/env node
// One step of the flaky-upstream stack's ETL, as the workflow in etl-cycle.yaml runs them:
//   schema   roles, grants and tables (idempotent)
//   extract  data/customers.csv into etl.staging_customers (replaced whole)
//   regions  the partner API's region lookup into etl.regions — the step that meets the fault
//   load     staged customers with their regions into etl.customers, then the checks
// Every state lives in the database, so a step that succeeded stays done for the next one.
// Like the warehouse ETL, it waits a little for the database (the usual short "wait-for" loop)
// and retries nothing else: whatever runs it does.
//
// Environment: DB_HOST, DB_PORT, API_PORT, DEPS_WAIT_SECONDS (default 5).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const env = (name, fallback) => process.env[name] ?? fallback;
const host = env('DB_HOST', '127.0.0.1');
const admin = { host, port: Number(env('DB_PORT', '15433')), database: 'warehouse', user: 'etl_admin', password: 'admin-secret' };
const apiUrl = `http://${host}:${env('API_PORT', '18081')}/cgi-bin/regions`;
const csvFile = fileURLToPath(new URL('../data/customers.csv', import.meta.url));
const depsWaitMs = Number(env('DEPS_WAIT_SECONDS', '5')) * 1000;

const log = (message) => console.log(`${new Date().toISOString()} ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Network-level failures and "starting up" are worth waiting out (as in ../../warehouse/etl/run-etl.mjs).
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P03']);
const isTransient = (error) => TRANSIENT.has(error.code) || /Connection terminated|socket hang up/i.test(error.message);

async function connect() {
  const deadline = Date.now() + depsWaitMs;
  for (;;) {
    const client = new pg.Client({ ...admin, connectionTimeoutMillis: 5000, statement_timeout: 30000 });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (!isTransient(error) || Date.now() >= deadline) throw error;
      await sleep(250);
    }
  }
}

// Rows with a malformed id, e-mail, date or amount are rejected, not staged.
function isValid(row) {
  const date = new Date(`${row.signup_date}T00:00:00Z`);
  return (
    /^\d+$/.test(row.customer_id) &&
    row.email.includes('@') &&
    !Number.isNaN(date.getTime()) &&
    date.toISOString().startsWith(row.signup_date) &&
    !Number.isNaN(Number(row.lifetime_value))
  );
}

function parseCsv(text) {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
}

const steps = {
  async schema(client) {
    await client.query('CREATE SCHEMA IF NOT EXISTS etl');
    await client.query(`CREATE TABLE IF NOT EXISTS etl.staging_customers (
        customer_id integer PRIMARY KEY, full_name text NOT NULL, email text NOT NULL, city text NOT NULL,
        signup_date date NOT NULL, lifetime_value numeric(12,2) NOT NULL)`);
    await client.query('CREATE TABLE IF NOT EXISTS etl.regions (city text PRIMARY KEY, region text NOT NULL)');
    await client.query(`CREATE TABLE IF NOT EXISTS etl.customers (
        customer_id integer PRIMARY KEY, full_name text NOT NULL, email text NOT NULL, city text NOT NULL,
        region text NOT NULL, signup_date date NOT NULL, lifetime_value numeric(12,2) NOT NULL)`);
    log('schema ready');
  },
  async extract(client) {
    const rows = parseCsv(await readFile(csvFile, 'utf8')).filter(isValid);
    await client.query('BEGIN');
    await client.query('TRUNCATE etl.staging_customers');
    for (const row of rows) {
      await client.query('INSERT INTO etl.staging_customers VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (customer_id) DO NOTHING', [
        Number(row.customer_id),
        row.full_name,
        row.email,
        row.city,
        row.signup_date,
        Number(row.lifetime_value),
      ]);
    }
    await client.query('COMMIT');
    log(`${rows.length} customers staged`);
  },
  async regions(client) {
    const response = await fetch(apiUrl, { signal: AbortSignal.timeout(5000) });
    const text = await response.text();
    // Said the way HTTP clients say it: the status and its reason phrase.
    if (!response.ok) throw new Error(`GET ${apiUrl} answered ${response.status} ${response.statusText}: ${text.trim()}`);
    const rows = parseCsv(text);
    await client.query('BEGIN');
    for (const row of rows) {
      await client.query('INSERT INTO etl.regions VALUES ($1, $2) ON CONFLICT (city) DO UPDATE SET region = EXCLUDED.region', [
        row.city,
        row.region,
      ]);
    }
    await client.query('COMMIT');
    log(`${rows.length} regions loaded`);
  },
  async load(client) {
    const { rowCount } = await client.query(`INSERT INTO etl.customers
        SELECT s.customer_id, s.full_name, s.email, s.city, coalesce(r.region, 'unknown'), s.signup_date, s.lifetime_value
        FROM etl.staging_customers s LEFT JOIN etl.regions r USING (city)
        ON CONFLICT (customer_id) DO UPDATE SET region = EXCLUDED.region, lifetime_value = EXCLUDED.lifetime_value`);
    const { rows } = await client.query(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE region = 'unknown')::int AS unmapped FROM etl.customers",
    );
    if (rows[0].n === 0 || rows[0].n !== rowCount) throw new Error(`row count check failed: ${rows[0].n} rows, ${rowCount} loaded`);
    if (rows[0].unmapped > 0) throw new Error(`${rows[0].unmapped} customers have no region`);
    log(`${rows[0].n} customers loaded`);
  },
};

const name = process.argv[2];
const step = steps[name];
if (!step) {
  console.error(`usage: step.mjs ${Object.keys(steps).join('|')}`);
  process.exit(2);
}
try {
  const client = await connect();
  try {
    await step(client);
  } finally {
    await client.end();
  }
} catch (error) {
  console.error(`step ${name} failed: ${error.message}`);
  if (error.code) console.error(`  (SQLSTATE/code ${error.code})`);
  process.exit(1);
}
