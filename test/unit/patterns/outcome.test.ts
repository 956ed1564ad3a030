/**
 * Outcome awareness on whole, real-looking outputs: retries that recover, warnings and notices,
 * passing test output, the exit code, and runs that exit 0 on a fatal error. Every output is
 * classified as text in odd-sized chunks and as raw bytes (the two scan paths), and both must
 * agree.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PatternStreamClassifier } from '../../../patterns/engine/pattern-stream-classifier.js';
import type { Classification, ResultOptions } from '../../../patterns/types.js';
import { catalogueOf } from './helpers.js';

const PACK = fileURLToPath(new URL('./fixtures/outcome/outcome.yaml', import.meta.url));
const catalogue = catalogueOf({ file: PACK, yaml: await readFile(PACK, 'utf8') });

const lines = (...text: string[]) => `${text.join('\n')}\n`;

function classify(text: string, options: ResultOptions = {}): Classification {
  const asText = catalogue.createClassifier();
  for (let i = 0; i < text.length; i += 61) asText.write('run', text.slice(i, i + 61));
  asText.end('run');
  const asBytes = catalogue.createClassifier() as PatternStreamClassifier;
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += 4096) asBytes.writeBytes('run', bytes.subarray(i, i + 4096));
  asBytes.end('run');
  const result = asText.result(options);
  expect(asBytes.result(options), 'bytes and text agree').toEqual(result);
  return result;
}

const standings = (result: Classification) => result.matches.map((m) => `${m.line}:${m.pattern}:${m.standing ?? 'decisive'}`);

const RETRY_THEN_CONNECT = lines(
  '2026-11-22 04:57:56,011 INFO etl.load: starting load via psycopg2',
  '2026-11-22 04:57:56,039 WARNING etl.load: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused; retrying in 2.0s (attempt 1/6)',
  '2026-11-22 04:57:58,041 WARNING etl.load: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused; retrying in 2.0s (attempt 2/6)',
  '2026-11-22 04:58:00,044 INFO etl.load: connected to db:5432',
  '2026-11-22 04:58:00,311 INFO etl.load: loaded 1200 rows into staging.orders',
);

describe('retries that recover', () => {
  it('exit 0: a refused connection retried until connected is recovered, with the line that shows it', () => {
    const result = classify(RETRY_THEN_CONNECT, { exitCode: 0 });
    expect(result.primary).toBeNull();
    expect(standings(result)).toEqual(['2:outcome.libpq_refused:recovered', '3:outcome.libpq_refused:recovered']);
    expect(result.matches[0]?.evidence).toEqual({ line: 4, text: '2026-11-22 04:58:00,044 INFO etl.load: connected to db:5432' });
    expect(result.suspiciousSuccess).toBeUndefined();
  });

  it('asked "as if failed" about output that exited 0, a recovered failure is not blamed', () => {
    expect(classify(RETRY_THEN_CONNECT, { failed: true, exitCode: 0 }).primary).toBe('unknown');
  });

  it('a failing exit code: the later decisive error wins over the earlier recovered one', () => {
    const text =
      RETRY_THEN_CONNECT +
      lines(
        'Traceback (most recent call last):',
        '  File "/app/load.py", line 39, in execute',
        '    cur.execute(sql)',
        'psycopg2.errors.UndefinedTable: relation "orders" does not exist',
        'LINE 1: INSERT INTO orders (customer_id, amount) VALUES (1, 19.99)',
      );
    const result = classify(text, { exitCode: 1 });
    expect(result.primary).toBe('missing_table');
    expect(result.primaryMatch).toMatchObject({ pattern: 'outcome.relation_missing', line: 9 });
  });

  it('without recovery the first failure stays the root cause (a refused connection, then the missing table it caused)', () => {
    const text = lines(
      '[pipeline] step 1/2: create schema',
      'psql: error: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused',
      '\tIs the server running on that host and accepting TCP/IP connections?',
      '[pipeline] step 2/2: load orders',
      '2026-11-22 05:02:25,431 WARNING etl.load: connection failed (server closed the connection unexpectedly), retrying in 2.0s (attempt 1/6)',
      '2026-11-22 05:02:31,446 INFO etl.load: connected',
      'psycopg2.errors.UndefinedTable: relation "orders" does not exist',
      '[pipeline] finished with status 1',
    );
    const result = classify(text, { exitCode: 1 });
    expect(result.primary).toBe('connection_refused');
    expect(result.primaryMatch?.line).toBe(2);
  });

  it('retries that give up are the failure', () => {
    const text = lines(
      'Waiting for api to accept connections...',
      'curl: (7) Failed to connect to api port 8080 after 0 ms: Connection refused',
      'retry 1/3 in 1s',
      'curl: (7) Failed to connect to api port 8080 after 0 ms: Connection refused',
      'retry 2/3 in 1s',
      'curl: (7) Failed to connect to api port 8080 after 1 ms: Connection refused',
      'giving up after 3 attempts',
      'api is up',
    );
    const result = classify(text, { exitCode: 1 });
    expect(result.primary).toBe('connection_refused');
    expect(standings(result).every((s) => s.endsWith(':decisive'))).toBe(true);
  });

  it('a wait loop: the same failure again is an attempt, and "is up" ends it', () => {
    const text = lines(
      'curl: (7) Failed to connect to api port 8080 after 0 ms: Connection refused',
      'curl: (7) Failed to connect to api port 8080 after 1 ms: Connection refused',
      'curl: (7) Failed to connect to api port 8080 after 0 ms: Connection refused',
      'api is up - executing command',
    );
    const result = classify(text, { exitCode: 0 });
    expect(standings(result)).toEqual([
      '1:outcome.curl_refused:recovered',
      '2:outcome.curl_refused:recovered',
      '3:outcome.curl_refused:recovered',
    ]);
  });

  it('a bare retry announcement a few lines after the failure is its retry', () => {
    const text = lines(
      'Error: connect ECONNREFUSED 127.0.0.1:5432',
      '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
      'pool: closing idle clients',
      'Retrying in 5 seconds...',
      'Connected to postgres at 127.0.0.1:5432',
    );
    expect(standings(classify(text, { exitCode: 0 }))).toEqual(['1:outcome.econnrefused:recovered']);
  });

  it('an HTTP 503 followed by a 200 for the same request is recovered, with no retry marker', () => {
    const text = lines(
      '172.18.0.1 - - [22/Nov/2026:05:01:47 +0000] "GET /health HTTP/1.1" 503 19 "-" "curl/7.88.1"',
      '172.18.0.1 - - [22/Nov/2026:05:01:49 +0000] "GET /health HTTP/1.1" 503 19 "-" "curl/7.88.1"',
      '172.18.0.1 - - [22/Nov/2026:05:01:51 +0000] "GET /health HTTP/1.1" 200 2 "-" "curl/7.88.1"',
    );
    expect(standings(classify(text, { exitCode: 0 }))).toEqual(['1:outcome.http_5xx:recovered', '2:outcome.http_5xx:recovered']);
  });

  it('the question at the end of a libpq error is not an answer', () => {
    const text = lines(
      'psql: error: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused',
      '\tIs the server running on that host and accepting TCP/IP connections?',
      'migrate-1  | \tIs the server running on that host and accepting TCP/IP connections?',
    );
    expect(classify(text, { exitCode: 2 }).primary).toBe('connection_refused');
  });

  it('a wait loop that reports success "after N attempts" recovers its failures', () => {
    const text = lines(
      "curl: (7) Failed to connect to api port 8080 after 0 ms: Couldn't connect to server",
      '[wait] not up yet, retrying in 1s',
      "curl: (7) Failed to connect to api port 8080 after 0 ms: Couldn't connect to server",
      '[wait] not up yet, retrying in 1s',
      '[wait] http://api:8080 up after 3 attempts',
    );
    expect(standings(classify(text))).toEqual(['1:outcome.curl_refused:recovered', '3:outcome.curl_refused:recovered']);
    // Nobody said the run failed (no exit code, no `failed`): a recovered failure is not blamed.
    expect(classify(text).primary).toBe('unknown');
    expect(classify(text, { failed: true }).primary).toBe('connection_refused');
  });

  it('a failure the program says it handled ("falling back", "continuing without") is recovered', () => {
    const text = lines(
      'WARNING etl.cache: ConnectionRefusedError: [Errno 111] Connection refused; continuing without the cache',
      'ERROR: relation "orders" already exists',
      'cache optional, continuing without it',
      'INFO loaded 1200 rows',
    );
    const result = classify(text, { exitCode: 0 });
    expect(standings(result)).toEqual(['1:outcome.python_refused:recovered', '2:outcome.already_exists:recovered']);
    expect(result.matches[0]?.evidence?.line).toBe(1);
    expect(result.matches[1]?.evidence?.line).toBe(3);
  });

  it('in a run that really failed, a recovered failure still beats "unknown" when nothing else matched', () => {
    const text = lines(
      '2026-11-22 05:02:06.259 UTC [19] FATAL:  connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused',
      '2026-11-22 05:02:06.300 UTC [19] LOG:  retrying',
      '2026-11-22 05:02:10.774 UTC [1] LOG:  database system is ready to accept connections',
      'loader: job failed',
    );
    const result = classify(text, { exitCode: 1 });
    expect(result.primary).toBe('connection_refused');
    expect(result.primaryMatch?.standing).toBe('recovered');
  });
});

describe('warnings and notices', () => {
  it('a WARN line nothing retried loses to a later error; alone in a failed run it still decides', () => {
    const insertIgnore = "Warning (Code 1062): Duplicate entry '1' for key 'PRIMARY'";
    const both = classify(lines(insertIgnore, "ERROR 1146 (42S02) at line 3: Table 'etl.orders' doesn't exist"), { exitCode: 1 });
    expect(both.primary).toBe('missing_table');
    expect(both.matches[0]?.standing).toBe('warning');
    const alone = classify(lines(insertIgnore, 'mysql exited with status 1'), { exitCode: 1 });
    expect(alone.primary).toBe('constraint_violation');
  });

  it('a warning repeated by a retry loop that never recovers is the root cause, ahead of the timeout it led to', () => {
    const text = lines(
      '[2024-05-01 09:14:02,512] WARN [Producer clientId=producer-1] Connection to node -1 (kafka/172.18.0.4:9092) could not be established. Broker may not be available. (org.apache.kafka.clients.NetworkClient)',
      '[2024-05-01 09:14:03,514] WARN [Producer clientId=producer-1] Connection to node -1 (kafka/172.18.0.4:9092) could not be established. Broker may not be available. (org.apache.kafka.clients.NetworkClient)',
      '[2024-05-01 09:15:02,601] ERROR Failed to send record (com.example.Producer)',
      'org.apache.kafka.common.errors.TimeoutException: Topic orders not present in metadata after 60000 ms.',
    );
    const result = classify(text, { exitCode: 1 });
    expect(result.primary).toBe('connection_refused');
    expect(result.primaryMatch?.line).toBe(1);
  });

  it('a NOTICE never decides: the failure is "unknown" and the likely cause lines are named', () => {
    const text = lines(
      'psql:/etl/sql/schema.sql:6: NOTICE:  relation "orders" already exists, skipping',
      'COPY 1200',
      'psql:/etl/sql/load.sql:12: ERROR:  value too long for type character varying(8)',
      'CONTEXT:  COPY customers, line 17, column country: "Deutschland"',
    );
    const result = classify(text, { exitCode: 3 });
    expect(result.primary).toBe('unknown');
    expect(result.matches[0]?.standing).toBe('notice');
    expect(result.likelyCause).toEqual([
      { source: 'run', line: 3, text: 'psql:/etl/sql/load.sql:12: ERROR:  value too long for type character varying(8)', look: 'fatal' },
    ]);
  });
});

describe('echoed commands and table rows', () => {
  it('`set -x` lines and rows of query output never decide', () => {
    const text = lines(
      `+ psql -v ON_ERROR_STOP=1 -c "SELECT 'orders' AS job, 'relation "orders" does not exist' AS ignored_pattern"`,
      ' job    | ignored_pattern',
      '--------+---------------------------------------',
      ' orders | relation "orders" does not exist | 0 | 2026-12-03',
      '│ orders │ relation "orders" does not exist │ ok │',
      '(1 row)',
    );
    const result = classify(text, { exitCode: 1 });
    expect(result.primary).toBe('unknown');
    expect(result.matches.map((m) => m.standing)).toEqual(['echo', 'echo', 'echo']);
  });
});

describe('test output', () => {
  it('pytest: test names with failure words in a passing run are passing tests', () => {
    const text = lines(
      '============================= test session starts ==============================',
      'platform linux -- Python 3.11.2, pytest-7.2.1, pluggy-1.0.0',
      'collected 3 items',
      '',
      'tests/test_errors.py::test_message[relation "orders" does not exist] PASSED [ 33%]',
      'tests/test_load.py::test_retry_on_refused PASSED                          [ 66%]',
      'tests/test_load.py::test_counts PASSED                                    [100%]',
      '',
      '============================== 3 passed in 0.12s ===============================',
    );
    const result = classify(text, { exitCode: 0 });
    expect(standings(result)).toEqual(['5:outcome.relation_missing:passing_test']);
    expect(classify(text, { failed: true }).primary).toBe('unknown');
  });

  it('jest: an error logged inside a passing suite is passing test output', () => {
    const text = lines(
      ' PASS  test/load.test.js',
      '  ● Console',
      '',
      '    console.error',
      '      Error: connect ECONNREFUSED 127.0.0.1:5432',
      '',
      '          at Object.<anonymous> (test/load.test.js:12:11)',
      '',
      'Test Suites: 1 passed, 1 total',
      'Tests:       4 passed, 4 total',
      'Time:        1.021 s',
    );
    const result = classify(text, { failed: true });
    expect(result.primary).toBe('unknown');
    expect(result.matches[0]).toMatchObject({ standing: 'passing_test', evidence: { line: 10 } });
  });

  it('go test: a logged refusal inside a passing test is passing test output', () => {
    const text = lines(
      '=== RUN   TestLoadRetries',
      '    load_test.go:42: dial tcp 127.0.0.1:5432: connect: connection refused (expected on the first attempt)',
      '--- PASS: TestLoadRetries (0.31s)',
      'PASS',
      'ok  \tgithub.com/acme/etl/load\t0.412s',
    );
    expect(standings(classify(text, { failed: true }))).toEqual(['2:outcome.dial_refused:passing_test']);
  });

  it('a failing test run keeps its errors', () => {
    const text = lines(
      '=== RUN   TestLoad',
      '    load_test.go:42: dial tcp 127.0.0.1:5432: connect: connection refused',
      '--- FAIL: TestLoad (0.31s)',
      'FAIL',
      'FAIL\tgithub.com/acme/etl/load\t0.412s',
    );
    expect(classify(text, { exitCode: 1 }).primary).toBe('connection_refused');
  });

  it('a real error before a test run is not hidden by the tests passing', () => {
    const text = lines(
      'psycopg2.errors.UndefinedTable: relation "orders" does not exist',
      'running 2 tests',
      'test load::counts ... ok',
      'test load::schema ... ok',
      'test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s',
    );
    expect(classify(text, { exitCode: 1 }).primary).toBe('missing_table');
  });
});

describe('suspicious success', () => {
  it('exit 0 with an ERROR as the last line', () => {
    const text = lines('INFO starting load', 'loaded 10 rows', 'ERROR:  relation "orders" does not exist');
    expect(classify(text, { exitCode: 0 }).suspiciousSuccess).toEqual({
      source: 'run',
      line: 3,
      lastLine: 3,
      text: 'ERROR:  relation "orders" does not exist',
      class: 'missing_table',
      pattern: 'outcome.relation_missing',
    });
  });

  it('exit 0 with a traceback as the last thing, even one no pattern knows', () => {
    const text = lines(
      'INFO starting export',
      'Traceback (most recent call last):',
      '  File "/app/export.py", line 12, in <module>',
      '    main()',
      '  File "/app/export.py", line 9, in main',
      '    raise SystemError("bucket is read-only")',
      'SystemError: bucket is read-only',
    );
    expect(classify(text, { exitCode: 0 }).suspiciousSuccess).toEqual({
      source: 'run',
      line: 2,
      lastLine: 7,
      text: 'SystemError: bucket is read-only',
    });
  });

  it('exit 0 with a Java trace running to the end', () => {
    const text = lines(
      'Exception in thread "main" java.lang.IllegalStateException: pool closed',
      '\tat com.example.Loader.main(Loader.java:12)',
      'Caused by: java.net.ConnectException: Connection refused',
      '\t... 3 more',
    );
    expect(classify(text, { exitCode: 0 }).suspiciousSuccess).toMatchObject({ line: 1, lastLine: 4, class: 'connection_refused' });
  });

  it('not when the program went on after the error, nor when the run failed', () => {
    expect(classify(lines('ERROR:  relation "orders" does not exist', 'done: 0 rows'), { exitCode: 0 }).suspiciousSuccess).toBeUndefined();
    expect(classify(lines('ERROR:  relation "orders" does not exist'), { exitCode: 1 }).suspiciousSuccess).toBeUndefined();
    expect(classify(lines('all good', 'export finished'), { exitCode: 0 }).suspiciousSuccess).toBeUndefined();
  });
});

describe('the exit code', () => {
  it('decides the verdict: 0 is a success, anything else a failure, nothing known a failure', () => {
    const text = lines('ERROR:  relation "orders" already exists');
    expect(classify(text, { exitCode: 0 }).primary).toBeNull();
    expect(classify(text, { exitCode: 1 }).primary).toBe('already_exists');
    expect(classify(text, { exitCode: null }).primary).toBe('already_exists');
    expect(classify(text).primary).toBe('already_exists');
  });

  it('conventional codes decide only when no line does', () => {
    expect(classify('', { exitCode: 127 })).toMatchObject({
      primary: 'file_not_found',
      primaryMatch: { pattern: 'exit.command_not_found' },
    });
    expect(classify('', { exitCode: 124 }).primary).toBe('timeout');
    expect(classify('', { exitCode: 139 }).primaryMatch).toMatchObject({ pattern: 'exit.signal', captures: { signal: 'SIGSEGV' } });
    expect(classify(lines('Error: connect ECONNREFUSED 127.0.0.1:5432'), { exitCode: 124 }).primary).toBe('connection_refused');
    expect(classify('', { exitCode: 1 }).primary).toBe('unknown');
  });

  it('124, 126 and 127 say nothing when the output has an error of its own (bash exits 127 on an unbound variable)', () => {
    const result = classify(lines('bash: line 1: DB_HOST: unbound variable'), { exitCode: 127 });
    expect(result.primary).toBe('unknown');
    expect(result.likelyCause).toEqual([{ source: 'run', line: 1, text: 'bash: line 1: DB_HOST: unbound variable', look: 'errorish' }]);
    expect(classify(lines('loading', 'bash: line 1: DB_HOST: unbound variable'), { exitCode: 139 }).primary).toBe('crash');
  });

  it('a stream ended with its exit code decides for itself', () => {
    const classifier = catalogue.createClassifier();
    classifier.write('orchestrator', 'ERROR:  relation "orders" does not exist\n');
    classifier.end('orchestrator', { exitCode: 0 });
    const result = classifier.result();
    expect(result.primary).toBeNull();
    expect(result.suspiciousSuccess).toMatchObject({ source: 'orchestrator', class: 'missing_table' });
  });
});

describe('Java traces', () => {
  it('report the shallower line of the deepest cause class when it carries the host and port', () => {
    const text = lines(
      'Exception in thread "main" java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.',
      '\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)',
      'Caused by: org.postgresql.util.PSQLException: Connection to db:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.',
      '\tat org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:346)',
      'Caused by: java.net.ConnectException: Connection refused',
      '\t... 12 more',
    );
    const result = classify(text, { exitCode: 1 });
    expect(result.primary).toBe('connection_refused');
    expect(result.primaryMatch).toMatchObject({ pattern: 'outcome.jdbc_refused', line: 3, captures: { host: 'db', port: '5432' } });
  });
});
