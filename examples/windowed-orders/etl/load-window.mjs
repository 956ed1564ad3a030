#!/usr/bin/env node
// Task load_orders: the orders of one window [ETL_WINDOW_START, ETL_WINDOW_END), upserted by
// order_id in one transaction, so a retried or recovered window writes no duplicate: the
// second load of a window updates the same rows (loads + 1) instead of adding new ones.
//
// The source is a stand-in API: a deterministic set of orders per window (the same window
// always yields the same ids and values), one in 50 with a negative amount, which the load
// rejects. The counts go to ETL_CYCLE_METRICS_FILE for the task's validate gate.
import { appendFileSync } from 'node:fs';
import pg from 'pg';

const start = Date.parse(process.env.ETL_WINDOW_START ?? '');
const end = Date.parse(process.env.ETL_WINDOW_END ?? '');
if (Number.isNaN(start) || Number.isNaN(end)) {
  console.error('load_orders: ETL_WINDOW_START / ETL_WINDOW_END are not set; run the hourly_orders workflow');
  process.exit(2);
}

/** One order every ORDER_EVERY_SECONDS (default 36: 100 an hour), ids derived from the time. */
function ordersOf(fromMs, toMs) {
  const every = Number(process.env.ORDER_EVERY_SECONDS ?? '36') * 1000;
  const orders = [];
  for (let t = Math.ceil(fromMs / every) * every; t < toMs; t += every) {
    const n = t / every;
    orders.push({ id: n, at: new Date(t).toISOString(), customer: (n % 97) + 1, amount: n % 50 === 0 ? -1 : ((n * 7919) % 10_000) / 100 });
  }
  return orders;
}

const orders = ordersOf(start, end);
const valid = orders.filter((o) => o.amount >= 0);
const client = new pg.Client({
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? '15433'),
  database: 'shop',
  user: 'etl_admin',
  password: process.env.DB_ADMIN_PASSWORD ?? 'admin-secret',
  connectionTimeoutMillis: 5000,
});
try {
  await client.connect();
  await client.query('BEGIN');
  for (const o of valid) {
    await client.query(
      `INSERT INTO sales.orders (order_id, ordered_at, customer_id, amount) VALUES ($1, $2, $3, $4)
       ON CONFLICT (order_id) DO UPDATE SET ordered_at = EXCLUDED.ordered_at, customer_id = EXCLUDED.customer_id,
         amount = EXCLUDED.amount, loaded_at = now(), loads = sales.orders.loads + 1`,
      [o.id, o.at, o.customer, o.amount],
    );
  }
  await client.query('COMMIT');
} catch (error) {
  console.error(`load_orders failed: ${error.message}`);
  process.exit(1);
} finally {
  await client.end().catch(() => undefined);
}
console.log(
  `window ${process.env.ETL_WINDOW_START} – ${process.env.ETL_WINDOW_END}: ${orders.length} read, ${valid.length} upserted, ${orders.length - valid.length} rejected`,
);
if (process.env.ETL_CYCLE_METRICS_FILE) {
  const line = { rows_read: orders.length, rows_written: valid.length, rows_rejected: orders.length - valid.length };
  appendFileSync(process.env.ETL_CYCLE_METRICS_FILE, `${JSON.stringify(line)}\n`);
}
