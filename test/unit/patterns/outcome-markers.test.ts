import { describe, expect, it } from 'vitest';
import { errorLook } from '../../../patterns/engine/error-lines.js';
import { lineSeverity } from '../../../patterns/engine/line-severity.js';
import { outcomeMarker, testRunContext } from '../../../patterns/engine/outcome-markers.js';

describe('lineSeverity', () => {
  it.each([
    ['2026-11-22 04:57:58,039 WARNING etl.load: connection failed, retrying in 2.0s', 'warning'],
    ['[2024-05-01 09:14:02,512] WARN [Producer clientId=producer-1] Connection to node -1 could not be established', 'warning'],
    ['WARN[0000] The "PG_PASSWORD" variable is not set. Defaulting to a blank string.', 'warning'],
    ["Warning (Code 1062): Duplicate entry '1' for key 'PRIMARY'", 'warning'],
    ["2026-11-22  5:24:07 5 [Warning] IP address '172.17.0.1' could not be resolved", 'warning'],
    ['warning: adding embedded git repository: vendor/lib', 'warning'],
    ['npm warn deprecated inflight@1.0.6: This module is not supported', 'warning'],
    ['/app/etl/load.py:41: DeprecationWarning: datetime.utcnow() is deprecated', 'warning'],
    ['W1122 05:10:47.678123   12 reflector.go:424] failed to list *v1.Pod', 'warning'],
    ['{"ts":"2026-11-22T05:10:47Z","level":"warn","msg":"falling back to defaults"}', 'warning'],
    ['time="2026-11-22T05:10:47Z" level=warning msg="retrying"', 'warning'],
    ['psql:/etl/sql/schema.sql:6: NOTICE:  relation "customers" already exists, skipping', 'notice'],
    ['2026-11-22 05:24:07 0 [Note] Starting MariaDB 10.11.6', 'notice'],
    ['ERROR:  relation "staging" does not exist at character 15', 'error'],
    ['2026-11-22 05:02:06.259 UTC [19] FATAL:  the database system is starting up', 'error'],
    ['[ERROR] Failed to execute goal org.apache.maven.plugins', 'error'],
    ['E1122 05:10:47.678123   12 main.go:42] cannot connect', 'error'],
    ['2026-11-22 05:02:06.248 UTC [18] LOG:  database system was interrupted', 'info'],
    ['[2024-05-01, 03:11:47 UTC] {local_task_job_runner.py:266} INFO - Task exited with return code 1', 'info'],
    ['24/05/01 09:50:01 DEBUG SparkContext: Running Spark version 3.5.1', 'debug'],
  ])('%s → %s', (line, severity) => {
    expect(lineSeverity(line)).toBe(severity);
  });

  it.each([
    'psycopg2.errors.UndefinedTable: relation "orders" does not exist',
    'Error [ERR_MODULE_NOT_FOUND]: Cannot find module /app/x.js',
    'the loader logs every warning to stderr',
    'fetched info about 12 tables',
  ])('no level marker: %s', (line) => {
    expect(lineSeverity(line)).toBeUndefined();
  });

  it('the first marker of the line decides', () => {
    expect(lineSeverity('WARN retrying after ERROR: connection refused')).toBe('warning');
    expect(lineSeverity('ERROR: retry failed (WARN earlier)')).toBe('error');
  });
});

describe('outcomeMarker', () => {
  it.each([
    ['retrying in 2.0s (attempt 1/6)', 'retry'],
    ['Retrying in 5 seconds...', 'retry'],
    ['Reconnecting to redis://cache:6379', 'retry'],
    ['waiting for db:5432 to accept connections', 'retry'],
    ['pg_isready: db:5432 - no response; not ready yet', 'retry'],
    ['Attempt 3 of 10 failed; backing off 4s', 'retry'],
    ['Will retry in 1 seconds. 3 retries left.', 'retry'],
    ['giving up after 5 attempts', 'give_up'],
    ['Max retries exceeded with url: /v1/orders', 'give_up'],
    ['all 5 connection attempts failed', 'give_up'],
    ['2026-11-22 05:02:10.774 UTC [1] LOG:  database system is ready to accept connections', 'success'],
    ['/var/run/postgresql:5432 - accepting connections', 'success'],
    ['Ready to accept connections tcp', 'success'],
    ['connected to db:5432', 'success'],
    ['Reconnected to redis', 'success'],
    ['Migration completed successfully', 'success'],
    [' Container etl-db-1  Healthy', 'success'],
    ['Listening on http://0.0.0.0:8080', 'success'],
    ['HTTP/1.1 200 OK', 'success'],
    ['172.18.0.1 - - [22/Nov/2026:05:01:51 +0000] "GET /health HTTP/1.1" 200 2 "-" "curl/7.88.1"', 'success'],
    ['validation passed: 0 errors', 'success'],
    ['loader exited with code 0', 'success'],
    ['2026-12-03 14:21:19,302 INFO etl.extract: connected on attempt 4', 'success'],
    ['[load] insert ok after 4 attempt(s)', 'success'],
    ['{"status": "OK", "error": null}', 'success'],
    ['[extract] ok', 'success'],
    ['mysqld is alive', 'success'],
    ['WARNING etl.transform FileNotFoundError for fx.csv; falling back to yesterdays rates', 'handled'],
    ['[wait] cache optional, continuing without it (WARN)', 'handled'],
    ['price column missing, defaulting to 0', 'handled'],
    ['============================== 3 passed in 0.12s ===============================', 'tests_passed'],
    ['======================== 1 failed, 2 passed in 0.30s =========================', 'tests_failed'],
    ['Tests:       4 passed, 4 total', 'tests_passed'],
    ['Tests:       1 failed, 3 passed, 4 total', 'tests_failed'],
    ['      Tests  12 passed (12)', 'tests_passed'],
    [' Test Files  1 failed | 2 passed (3)', 'tests_failed'],
    ['  3 passing (12ms)', 'tests_passed'],
    ['  1 failing', 'tests_failed'],
    ['ok  \tgithub.com/acme/etl/load\t0.412s', 'tests_passed'],
    ['FAIL\tgithub.com/acme/etl/load\t0.412s', 'tests_failed'],
    ['test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s', 'tests_passed'],
    ['test result: FAILED. 2 passed; 1 failed; 0 ignored', 'tests_failed'],
    ['FAILED (failures=1)', 'tests_failed'],
    ['OK', 'tests_passed'],
    ['[INFO] Tests run: 12, Failures: 0, Errors: 0, Skipped: 1', 'tests_passed'],
    ['[ERROR] Tests run: 12, Failures: 1, Errors: 0, Skipped: 0', 'tests_failed'],
    ['12 examples, 0 failures', 'tests_passed'],
    ['12 examples, 2 failures', 'tests_failed'],
    ['09:10:12  Done. PASS=5 WARN=0 ERROR=0 SKIP=0 TOTAL=5', 'tests_passed'],
    ['09:10:12  Done. PASS=4 WARN=0 ERROR=1 SKIP=0 TOTAL=5', 'tests_failed'],
    ['[  PASSED  ] 3 tests.', 'tests_passed'],
    ['ℹ fail 0', 'tests_passed'],
    ['# fail 2', 'tests_failed'],
    ['tests/test_load.py::test_refused PASSED                          [ 66%]', 'test_pass'],
    ['  ✓ handles ECONNREFUSED (3 ms)', 'test_pass'],
    ['--- PASS: TestLoadRetries (0.31s)', 'test_pass'],
    ['test load::counts ... ok', 'test_pass'],
    ['--- FAIL: TestLoad (0.31s)', 'test_fail'],
    ['  ✕ loads orders (12 ms)', 'test_fail'],
    ['not ok 2 - loads orders', 'test_fail'],
    ['============================= test session starts ==============================', 'test_start'],
    ['=== RUN   TestLoad', 'test_start'],
  ])('%s → %s', (line, marker) => {
    expect(outcomeMarker(line)).toBe(marker);
  });

  it.each([
    'connection failed: not ready',
    'healthcheck unsuccessful: server unhealthy',
    'Is the server running on that host and accepting TCP/IP connections? no',
    'Job completed with errors',
    'connected on attempt 4 but the handshake failed',
    'test load ... not ok',
    'INFO loaded 1200 rows into staging.orders',
    'LOG:  statement: SELECT 1',
  ])('not a success: %s', (line) => {
    expect(outcomeMarker(line)).not.toBe('success');
  });

  it('a matched line can only be a retry or a give-up', () => {
    expect(outcomeMarker('connection refused; retrying in 2s', true)).toBe('retry');
    expect(outcomeMarker('Max retries exceeded with url: /x (Caused by NewConnectionError: refused)', true)).toBe('give_up');
    expect(outcomeMarker('ready: connection refused', true)).toBeUndefined();
  });

  it('test-run context: results and starts open it, summaries close it', () => {
    expect(testRunContext(' PASS  test/load.test.js')).toBe(true);
    expect(testRunContext('=== RUN   TestLoad')).toBe(true);
    expect(testRunContext('Tests:       4 passed, 4 total')).toBe(false);
    expect(testRunContext('INFO loaded 12 rows')).toBeUndefined();
  });
});

describe('errorLook', () => {
  it.each([
    ['ERROR:  value too long for type character varying(8)', 'fatal'],
    ['fatal: not a git repository (or any of the parent directories): .git', 'fatal'],
    ['psql: error: connection to server on socket failed', 'fatal'],
    ['error[E0425]: cannot find value `x` in this scope', 'fatal'],
    ['ValueError: invalid literal for int() with base 10', 'fatal'],
    ['java.lang.IllegalStateException: pool closed', 'fatal'],
    ['Exception in thread "main" java.lang.RuntimeException: boom', 'fatal'],
    ["thread 'main' panicked at src/main.rs:4:5:", 'fatal'],
    ['panic: runtime error: index out of range [3] with length 3', 'fatal'],
    ['Segmentation fault (core dumped)', 'fatal'],
    ['bash: line 1: etl-load: command not found', 'fatal'],
    ['cp: cannot stat /data/in.csv: No such file or directory', 'errorish'],
    ['upload failed for part 3', 'errorish'],
  ])('%s → %s', (line, look) => {
    expect(errorLook(line)).toBe(look);
  });

  it.each(['validation finished: 0 errors, 0 warnings', 'rows=12 failed=0', 'INFO loaded 1200 rows', 'DEBUG error handler installed'])(
    'not an error: %s',
    (line) => {
      expect(errorLook(line)).toBeUndefined();
    },
  );
});
