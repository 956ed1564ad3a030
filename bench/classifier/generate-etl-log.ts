/**
 * A large, deterministic, ETL-like log for the classifier benchmark: timestamps, INFO/DEBUG
 * lines from loaders, pools, schedulers (Airflow, Spark), SQL, JSON lines, handled stack
 * traces, healthy lines with scary words ("0 errors", "already exists, skipping", "retrying
 * ... connected"), and, rarely, real failures as real software prints them.
 */
import { open } from 'node:fs/promises';

export interface GeneratedLog {
  path: string;
  bytes: number;
  lines: number;
  /** Real failure lines planted in the log. */
  failures: number;
}

/** One real failure every this many bytes on average. */
const FAILURE_EVERY_BYTES = 16 * 1024 * 1024;
const FLUSH_BYTES = 4 * 1024 * 1024;

export async function generateEtlLog(path: string, sizeBytes: number, seed = 42): Promise<GeneratedLog> {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (max: number) => Math.floor(random() * max);
  const file = await open(path, 'w');
  let bytes = 0;
  let lines = 0;
  let failures = 0;
  let buffer: string[] = [];
  let buffered = 0;
  let clock = Date.UTC(2024, 4, 1, 0, 0, 0);
  const push = (line: string) => {
    buffer.push(line);
    buffered += line.length + 1;
    lines += 1;
  };
  try {
    while (bytes + buffered < sizeBytes) {
      clock += int(40);
      const stamp = new Date(clock).toISOString();
      const roll = random();
      if (roll < 0.3)
        push(
          `${stamp} INFO  [${pick(COMPONENTS)}] batch ${int(100_000)}: inserted ${int(10_000)} rows into ${pick(TABLES)} in ${int(2000)} ms`,
        );
      else if (roll < 0.42)
        push(`${stamp} DEBUG [pool] connection acquired (active=${int(10)} idle=${int(10)} waiting=0) timeout=30000ms host=db port=5432`);
      else if (roll < 0.52) push(`${stamp} LOG:  statement: ${pick(SQL)}`);
      else if (roll < 0.66)
        push(
          `{"ts":"${stamp}","level":"${pick(['info', 'debug'])}","logger":"etl.${pick(COMPONENTS)}","msg":"${pick(JSON_MESSAGES)}","rows":${int(50_000)},"table":"${pick(TABLES)}","error":null,"duration_ms":${int(900)}}`,
        );
      else if (roll < 0.74)
        push(
          `[${stamp.slice(0, 10)}, ${stamp.slice(11, 19)} UTC] {taskinstance.py:${1000 + int(500)}} INFO - ${pick(AIRFLOW)} dag_id=etl_daily, task_id=${pick(TASKS)}, execution_date=20240501T000000`,
        );
      else if (roll < 0.81) push(`24/05/01 ${stamp.slice(11, 19)} INFO ${pick(SPARK)}`);
      else if (roll < 0.87) push(`${stamp} INFO  [${pick(COMPONENTS)}] ${pick(SCARY_BUT_HEALTHY)}`);
      else if (roll < 0.995) push(`${stamp} DEBUG [${pick(COMPONENTS)}] ${pick(DEBUG_MESSAGES)} (${int(1_000_000).toString(16)})`);
      else if (roll < 0.9975) for (const line of HANDLED_JAVA_TRACE) push(line.replace('{stamp}', stamp));
      else for (const line of HANDLED_PYTHON_WARNING) push(line.replace('{stamp}', stamp));
      if (random() < 120 / FAILURE_EVERY_BYTES) {
        for (const line of pick(FAILURES)) push(line.replace('{stamp}', stamp));
        failures += 1;
      }
      if (buffered >= FLUSH_BYTES) {
        const text = `${buffer.join('\n')}\n`;
        await file.write(text);
        bytes += Buffer.byteLength(text);
        buffer = [];
        buffered = 0;
      }
    }
    if (buffer.length > 0) {
      const text = `${buffer.join('\n')}\n`;
      await file.write(text);
      bytes += Buffer.byteLength(text);
    }
  } finally {
    await file.close();
  }
  return { path, bytes, lines, failures };
}

/** A small, fast, seedable PRNG: the same seed gives the same log on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPONENTS = ['loader', 'extract', 'transform', 'scheduler', 'http', 'pool', 'writer', 'validator', 'cdc'];
const TABLES = ['staging.orders', 'staging.customers', 'public.order_items', 'dw.fact_sales', 'dw.dim_customer', 'raw.events'];
const TASKS = ['extract_orders', 'load_customers', 'transform_sales', 'validate_counts', 'publish_marts'];
const SQL = [
  'INSERT INTO staging.orders (id, customer_id, amount, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET amount = EXCLUDED.amount',
  'SELECT c.id, c.email, count(o.id) FROM staging.customers c LEFT JOIN staging.orders o ON o.customer_id = c.id GROUP BY c.id',
  'CREATE TABLE IF NOT EXISTS staging.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, amount numeric(12,2))',
  "UPDATE dw.fact_sales SET loaded_at = now() WHERE batch_id = 4711 AND status <> 'error'",
  "DELETE FROM raw.events WHERE received_at < now() - interval '7 days'",
  'COPY staging.customers (id, email, country) FROM STDIN WITH (FORMAT csv, HEADER true)',
];
const JSON_MESSAGES = [
  'loaded batch',
  'schema check passed',
  'checkpoint written',
  'upserted rows',
  'validated row counts',
  'published mart',
];
const AIRFLOW = [
  'Marking task as SUCCESS.',
  'Dependencies all met for <TaskInstance>',
  'Starting attempt 1 of 3',
  'Exporting env vars: AIRFLOW_CTX_DAG_OWNER=etl',
];
const SPARK = [
  'DAGScheduler: Job 12 finished: count at NativeMethodAccessorImpl.java:0, took 0.223 s',
  'TaskSetManager: Finished task 3.0 in stage 7.0 (TID 41) in 812 ms on 172.18.0.5 (executor 1) (4/8)',
  'BlockManagerInfo: Added broadcast_3_piece0 in memory on 172.18.0.5:40123 (size: 7.1 KiB, free: 434.3 MiB)',
  'MemoryStore: Block broadcast_4 stored as values in memory (estimated size 12.4 KiB, free 434.2 MiB)',
];
const SCARY_BUT_HEALTHY = [
  'NOTICE:  relation "orders" already exists, skipping',
  'validation finished: 0 errors, 0 warnings, 12034 rows checked',
  'log_min_error_statement = error; error_log = /var/log/etl/error.log',
  'retrying in 2s ... connected to db:5432',
  'connect_timeout=10 statement_timeout=0 lock_timeout=0 idle_in_transaction_session_timeout=0',
  'loader exited with code 0',
  'no rows failed validation; rejected=0 failed=0',
  'exception handler registered for SIGTERM (graceful shutdown)',
  'fallback to default permissions: none denied',
  'dead letter queue empty; 0 messages failed delivery',
];
const DEBUG_MESSAGES = [
  'fetched page 12 of 40 from https://api.example.com/v1/orders?page=12',
  'hash join build side: 4096 buckets, 2 batches',
  'committed offset 918273 for partition events-3',
  'buffer flushed: 65536 bytes in 3 ms',
  'cache hit ratio 0.97 over the last 10000 lookups',
  'parsed 5000 CSV records (delimiter=",", quote="\\"")',
  'upserted customer "Zoë Åström" (São Paulo) ✔',
  'row 1842: city="Kraków" name="Łukasz Żółć" → normalized',
];
const HANDLED_JAVA_TRACE = [
  '{stamp} WARN  [http] request cancelled by scheduler, will retry',
  'java.util.concurrent.CancellationException: Task was cancelled.',
  '\tat java.base/java.util.concurrent.FutureTask.report(FutureTask.java:121)',
  '\tat java.base/java.util.concurrent.FutureTask.get(FutureTask.java:191)',
  '\tat com.example.etl.http.PagedFetcher.fetch(PagedFetcher.java:88)',
  '\t... 7 more',
];
const HANDLED_PYTHON_WARNING = [
  '{stamp} WARNING py.warnings: /app/etl/load.py:41: DeprecationWarning: datetime.utcnow() is deprecated',
  '  started = datetime.utcnow()',
];
const FAILURES: readonly (readonly string[])[] = [
  [
    'psycopg2.OperationalError: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused',
    '\tIs the server running on that host and accepting TCP/IP connections?',
  ],
  ['{stamp} ERROR [loader] ERROR:  relation "staging.orders" does not exist at character 15'],
  [
    'psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "orders_pkey"',
    'DETAIL:  Key (id)=(4711) already exists.',
  ],
  ['psql: error: connection to server at "db" (172.18.0.2), port 5432 failed: FATAL:  password authentication failed for user "etl"'],
  [
    '{stamp} ERROR [writer] ERROR:  deadlock detected',
    'DETAIL:  Process 4242 waits for ShareLock on transaction 991; blocked by process 4243.',
  ],
  [
    'Exception in thread "main" java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.',
    '\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)',
    'Caused by: org.postgresql.util.PSQLException: Connection to db:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.',
    '\tat org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:346)',
    'Caused by: java.net.ConnectException: Connection refused',
    '\t... 12 more',
  ],
  ['java.lang.OutOfMemoryError: Java heap space'],
  ["OSError: [Errno 28] No space left on device: '/data/exports/orders.csv'"],
];
