#!/usr/bin/env node
// Tasks extract_customers and extract_orders: `node etl/extract-table.mjs <table>` writes the
// table's rows to work/<table>.json, a JSON array with one record per line (what the sink's
// ingest script reads), through a temporary file so a reader never sees half of it.
// Environment: SOURCE_HOST, SOURCE_PORT (default 15433, as in compose.yaml), SOURCE_PASSWORD.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const table = process.argv[2] ?? '';
if (!/^[a-z_]+$/.test(table)) {
  console.error(`usage: extract-table.mjs <table> (lowercase letters and _), got ${JSON.stringify(table)}`);
  process.exit(2);
}
const workDir = fileURLToPath(new URL('../work/', import.meta.url));
const target = `${workDir}${table}.json`;
const client = new pg.Client({
  host: process.env.SOURCE_HOST ?? '127.0.0.1',
  port: Number(process.env.SOURCE_PORT ?? '15433'),
  database: 'shop',
  user: 'etl_admin',
  password: process.env.SOURCE_PASSWORD ?? 'source-secret',
  connectionTimeoutMillis: 5000,
  statement_timeout: 30000,
});

try {
  await client.connect();
  const { rows } = await client.query(`SELECT row_to_json(t) AS record FROM (SELECT * FROM ${table} ORDER BY id) AS t`);
  await mkdir(workDir, { recursive: true });
  await writeFile(`${target}.tmp`, `[\n${rows.map((row) => JSON.stringify(row.record)).join(',\n')}\n]\n`);
  await rename(`${target}.tmp`, target);
  console.log(`extracted ${rows.length} rows from ${table} to work/${table}.json`);
} catch (error) {
  console.error(`extract of ${table} failed: ${error.message}`);
  process.exit(1);
} finally {
  await client.end().catch(() => undefined);
}
