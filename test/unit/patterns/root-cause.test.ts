import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogueOf } from './helpers.js';

const MINI_FILE = fileURLToPath(new URL('./fixtures/mini.yaml', import.meta.url));
const catalogue = catalogueOf({ file: MINI_FILE, yaml: await readFile(MINI_FILE, 'utf8') });

function verdict(sources: [string, string][], failed = true) {
  const classifier = catalogue.createClassifier();
  for (const [source, text] of sources) classifier.write(source, text);
  for (const [source] of sources) classifier.end(source);
  return classifier.result({ failed });
}

const lines = (...text: string[]) => `${text.join('\n')}\n`;

describe('root cause', () => {
  it('is null when the run did not fail, even if lines matched', () => {
    const result = verdict([['o', lines('ERROR:  relation "x" does not exist')]], false);
    expect(result.primary).toBeNull();
    expect(result.primaryMatch).toBeUndefined();
    expect(result.matches).toHaveLength(1);
  });

  it('is unknown when a failed run matched nothing', () => {
    expect(verdict([['o', lines('Killed', 'something odd happened')]])).toEqual({
      primary: 'unknown',
      matches: [],
      likelyCause: [{ source: 'o', line: 1, text: 'Killed', look: 'fatal' }],
    });
  });

  it('is the first causal failure, not the cascade: refused connection then missing table', () => {
    const result = verdict([
      [
        'o',
        lines(
          'INFO creating schema',
          'psycopg2.OperationalError: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused',
          'INFO loading staging',
          'psycopg2.errors.UndefinedTable: relation "staging" does not exist',
        ),
      ],
    ]);
    expect(result.primary).toBe('connection_refused');
    expect(result.primaryMatch).toMatchObject({ pattern: 'mini.connection_refused', line: 2 });
    expect(result.matches.map((m) => m.class)).toEqual(['connection_refused', 'missing_table']);
  });

  it('ranks sources by the order they were first written to', () => {
    const classifier = catalogue.createClassifier();
    classifier.write('readiness', 'waiting for db\n');
    classifier.write('orchestrator', 'ERROR:  relation "staging" does not exist\n');
    classifier.write(
      'readiness',
      'psycopg2.OperationalError: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused\n',
    );
    const result = classifier.result({ failed: true });
    expect(result.primary).toBe('connection_refused');
    expect(result.matches.map((m) => m.source)).toEqual(['readiness', 'orchestrator']);
  });

  it('never picks a weak match over a non-weak one, even an earlier one', () => {
    const result = verdict([
      [
        'o',
        lines(
          'Traceback (most recent call last):',
          '  File "load.py", line 3, in <module>',
          'psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "customers_pkey"',
          'loader exited with code 1',
        ),
      ],
    ]);
    expect(result.primary).toBe('constraint_violation');
    expect(result.primaryMatch?.captures).toEqual({ constraint: 'customers_pkey' });
  });

  it('falls back to the first weak match when nothing else matched', () => {
    const result = verdict([
      ['o', lines('Traceback (most recent call last):', '  File "x.py", line 1', 'ValueError: bad', 'loader exited with code 1')],
    ]);
    expect(result.primary).toBe('crash');
    expect(result.primaryMatch?.pattern).toBe('mini.traceback');
  });

  it('Java: the deepest "Caused by:" of the trace is the root cause', () => {
    const trace = lines(
      'Exception in thread "main" java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.',
      '\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)',
      '\tat com.example.Loader.main(Loader.java:12)',
      'Caused by: org.postgresql.util.PSQLException: Connection to db:5432 refused.',
      '\tat org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:346)',
      '\t... 5 more',
      'Caused by: java.net.ConnectException: Connection refused',
      '\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)',
      '\t... 12 more',
      'INFO shutting down',
      'ERROR:  relation "later" does not exist',
    );
    const result = verdict([['o', trace]]);
    expect(result.primary).toBe('connection_refused');
    expect(result.primaryMatch).toMatchObject({ pattern: 'mini.econnrefused', line: 7 });
    // Cut anywhere, the trace is still followed across chunks.
    for (let cut = 1; cut < trace.length; cut += 7) {
      const classifier = catalogue.createClassifier();
      classifier.write('o', trace.slice(0, cut));
      classifier.write('o', trace.slice(cut));
      classifier.end('o');
      expect(classifier.result({ failed: true }).primaryMatch?.line, `cut at ${cut}`).toBe(7);
    }
  });

  it('Java: a "Caused by:" of a later, separate trace does not reach back', () => {
    const text = lines(
      'java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.',
      '\tat com.example.Loader.main(Loader.java:12)',
      'INFO retrying',
      'java.lang.IllegalStateException: pool closed',
      'Caused by: java.net.ConnectException: Connection refused',
    );
    for (let cut = 1; cut < text.length; cut += 3) {
      const result = verdict([
        ['o', text.slice(0, cut)],
        ['o', text.slice(cut)],
      ]);
      expect(result.primary, `cut at ${cut}`).toBe('timeout');
      expect(result.primaryMatch?.line).toBe(1);
    }
  });

  it('Python: with "During handling ..." the first exception is the root cause', () => {
    const result = verdict([
      [
        'o',
        lines(
          'Traceback (most recent call last):',
          '  File "/app/load.py", line 10, in load',
          '    cur.execute("INSERT INTO staging SELECT * FROM raw")',
          'psycopg2.errors.UndefinedTable: relation "staging" does not exist',
          '',
          'During handling of the above exception, another exception occurred:',
          '',
          'Traceback (most recent call last):',
          '  File "/app/load.py", line 14, in load',
          '    conn.rollback()',
          'psycopg2.OperationalError: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused',
        ),
      ],
    ]);
    expect(result.primary).toBe('missing_table');
    expect(result.primaryMatch?.line).toBe(4);
  });

  it('Python: with "The above exception was the direct cause ..." the first exception is the root cause', () => {
    const result = verdict([
      [
        'o',
        lines(
          'Traceback (most recent call last):',
          '  File "/app/db.py", line 5, in connect',
          'psycopg2.OperationalError: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused',
          '',
          'The above exception was the direct cause of the following exception:',
          '',
          'Traceback (most recent call last):',
          '  File "/app/load.py", line 3, in <module>',
          'RuntimeError: duplicate key value violates unique constraint "x" (wrapped)',
        ),
      ],
    ]);
    expect(result.primary).toBe('connection_refused');
  });

  it('on one line, the match that starts first decides', () => {
    const result = verdict([['o', lines('ERROR:  duplicate key value violates unique constraint "k" while relation "t" does not exist')]]);
    expect(result.matches.map((m) => m.pattern)).toEqual(['mini.duplicate_key', 'mini.relation_missing']);
    expect(result.primary).toBe('constraint_violation');
  });
});
