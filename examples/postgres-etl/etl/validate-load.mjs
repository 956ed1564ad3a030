#!/usr/bin/env node
// Task validate_load: the table holds exactly the distinct valid customers of the CSV, and the
// acceptance ratio (rows accepted / rows read) is at least MIN_ACCEPTANCE_RATIO. Records the
// figures in etl.load_audit either way.
import { fail, loader, withClient } from './connection.mjs';
import { isValid, readCustomers } from './customers-csv.mjs';

const minRatio = Number(process.env.MIN_ACCEPTANCE_RATIO ?? '0.9');

try {
  const rows = await readCustomers();
  const valid = rows.filter(isValid);
  const expected = new Set(valid.map((row) => row.customer_id)).size;
  const ratio = valid.length / rows.length;
  const inTable = await withClient(loader, async (client) => {
    const {
      rows: [{ n }],
    } = await client.query('SELECT count(*)::int AS n FROM etl.customers');
    await client.query(
      'INSERT INTO etl.load_audit (run_id, rows_read, rows_valid, rows_in_table, acceptance_ratio) VALUES ($1, $2, $3, $4, $5)',
      [process.env.ETL_CYCLE_EXECUTION_ID ?? 'manual', rows.length, valid.length, n, ratio.toFixed(4)],
    );
    return n;
  });
  console.log(`customers in table: ${inTable} (expected ${expected}); acceptance ratio ${ratio.toFixed(3)} (minimum ${minRatio})`);
  if (inTable !== expected) throw new Error(`row count check failed: ${inTable} rows in etl.customers, expected ${expected}`);
  if (ratio < minRatio) throw new Error(`acceptance ratio ${ratio.toFixed(3)} is below the minimum ${minRatio}`);
} catch (error) {
  fail('validation', error);
}
