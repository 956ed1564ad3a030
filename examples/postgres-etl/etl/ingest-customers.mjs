#!/usr/bin/env node
// Task ingest_customers: loads the valid rows of the CSV as etl_loader, idempotently: an upsert
// by primary key, so a rerun updates the same rows instead of duplicating them. It retries
// nothing itself; the orchestrator's retries and etl-cycle's loop do.
import { fail, loader, withClient } from './connection.mjs';
import { csvFile, isValid, readCustomers } from './customers-csv.mjs';

try {
  console.log(`reading ${csvFile}`);
  const rows = await readCustomers();
  const valid = rows.filter(isValid);
  await withClient(loader, async (client) => {
    await client.query('BEGIN');
    for (const row of valid) {
      await client.query(
        `INSERT INTO etl.customers (customer_id, full_name, email, city, signup_date, lifetime_value)
          VALUES ($1, $2, $3, $4, $5, $6)
          ON CONFLICT (customer_id) DO UPDATE SET full_name = EXCLUDED.full_name, email = EXCLUDED.email,
            city = EXCLUDED.city, signup_date = EXCLUDED.signup_date, lifetime_value = EXCLUDED.lifetime_value, loaded_at = now()`,
        [Number(row.customer_id), row.full_name, row.email, row.city, row.signup_date, Number(row.lifetime_value)],
      );
    }
    await client.query('COMMIT');
  });
  console.log(`${rows.length} rows read, ${valid.length} upserted into etl.customers, ${rows.length - valid.length} rejected`);
} catch (error) {
  fail('ingest', error);
}
