import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runClassify } from '../../../cli/actions/classify.js';
import { checkPacks } from '../../../patterns/checks/check-packs.js';
import { isTriviallyBounded } from '../../../patterns/checks/is-trivially-bounded.js';
import { loadCatalogue } from '../../../patterns/load-catalogue.js';
import { classifyText } from '../../../patterns/engine/classify-stream.js';
import { renderSuggestion } from '../../../patterns/suggest/render-suggestion.js';
import { messageOf, suggestPattern } from '../../../patterns/suggest/suggest-pattern.js';
import { tempDir } from './helpers.js';

describe('messageOf', () => {
  it.each([
    ['2026-11-22 05:02:06.259 UTC [19] FATAL:  the database system is shutting down', 'the database system is shutting down'],
    ['psql:/etl/sql/load.sql:12: ERROR:  value too long for type character varying(8)', 'value too long for type character varying(8)'],
    ['12:00:01.123 [main] ERROR c.e.Loader - could not load orders', 'could not load orders'],
    ['[2024-05-01 09:15:02,601] ERROR Failed to send record (com.example.Producer)', 'Failed to send record (com.example.Producer)'],
    ['migrate-1  | error: relation "x" is locked', 'relation "x" is locked'],
    ['fatal: unable to access the remote repository', 'unable to access the remote repository'],
    ['ERROR 1146 (42S02) at line 3: Table is gone', 'ERROR 1146 (42S02) at line 3: Table is gone'],
  ])('%s → %s', (line, message) => {
    expect(messageOf(line)).toBe(message);
  });
});

describe('suggestPattern', () => {
  const lines = [
    '2026-11-22 05:02:06.259 UTC [19] ERROR:  could not write to file "/data/exports/orders.csv": Read-only file system',
    'ERROR 1205 (HY000) at line 7: Lock wait timeout exceeded; try restarting transaction',
    'export: upload of part 3 to s3://etl-raw/in/2024-05-01 failed: connection reset by peer',
    "rclone: Failed to copy: couldn't connect to 10.0.3.7:9000 after 3 tries",
    'loader: relation "staging.orders" is locked by pid 4711 (since 2026-11-22 05:02:06)',
    'botocore.exceptions.NoCredentialsError: Unable to locate credentials',
    "thread 'main' panicked at src/load.rs:42:17: index out of bounds: the len is 3 but the index is 7",
  ];

  it.each(lines)('matches its own line, is linear per position and uses standard capture names: %s', (line) => {
    const pattern = suggestPattern(line);
    expect(new RegExp(pattern.regex, 'i').test(line)).toBe(true);
    expect(isTriviallyBounded(pattern.regex, 'i')).toBe(true);
    expect(pattern.id).toMatch(/^local\.[a-z0-9_]+$/);
    expect(pattern.examples).toEqual([line]);
  });

  it('what varies becomes a capture or a class, so the next run of the same failure matches too', () => {
    const pattern = suggestPattern('loader: relation "staging.orders" is locked by pid 4711 (since 2026-11-22 05:02:06)');
    const regex = new RegExp(pattern.regex, 'i');
    const next = regex.exec('loader: relation "dw.fact_sales" is locked by pid 99 (since 2026-12-01 00:00:01)');
    expect(next?.groups).toEqual({ table: 'dw.fact_sales' });
    expect(pattern.hint).toMatch(/^loader: relation "\{table\}" is locked/);
    const hostPort = suggestPattern("rclone: Failed to copy: couldn't connect to 10.0.3.7:9000 after 3 tries");
    expect(new RegExp(hostPort.regex, 'i').exec("rclone: Failed to copy: couldn't connect to 10.0.9.1:9443 after 5 tries")?.groups).toEqual(
      {
        host: '10.0.9.1',
        port: '9443',
      },
    );
  });

  it('error codes stay literal: they name the failure', () => {
    expect(suggestPattern('ERROR 1205 (HY000) at line 7: Lock wait timeout exceeded').regex).toContain('ERROR 1205 \\(HY000\\)');
  });

  it.each([
    ['could not write to file "/data/x.csv": Read-only file system', 'permission_denied'],
    ['Lock wait timeout exceeded; try restarting transaction', 'deadlock'],
    ['upload failed: connection reset by peer', 'connection_refused'],
    ['FATAL:  remaining connection slots are reserved for non-replication superuser connections', 'too_many_connections'],
    ['write /data/part-3: no space left on device', 'disk_full'],
    ['Temporary failure in name resolution', 'dns_failure'],
    ['cannot open shared object file: No such file or directory', 'file_not_found'],
    ['Unable to locate credentials', 'crash'],
  ])('guesses the class of "%s": %s', (line, klass) => {
    expect(suggestPattern(line).class).toBe(klass);
  });
});

describe('renderSuggestion', () => {
  it('prints a pack that passes `patterns check` as it is and then classifies the line it came from', async () => {
    const line = '2026-11-22 05:02:06.259 UTC [19] ERROR:  could not write to file "/data/exports/orders.csv": Read-only file system';
    const suggestion = await renderSuggestion(line, 'acme');
    const data = parse(suggestion.yaml) as { pack: string; patterns: { id: string; class: string; regex: string }[] };
    expect(data.pack).toBe('acme');
    expect(data.patterns[0]).toMatchObject({ id: suggestion.pattern.id, class: 'permission_denied', regex: suggestion.pattern.regex });
    const dir = await tempDir();
    try {
      const file = await dir.write('acme.yaml', suggestion.yaml);
      const report = await checkPacks([file]);
      expect(report.problems).toEqual([]);
      const catalogue = await loadCatalogue({ builtin: false, packs: [file] });
      expect(classifyText(catalogue, `${line}\n`).primaryMatch?.pattern).toBe(suggestion.pattern.id);
    } finally {
      await dir.remove();
    }
  });

  it('classify --suggest: a suggestion for an unmatched failure, none when a pattern decided', async () => {
    const dir = await tempDir();
    try {
      const odd = await dir.write('odd.log', 'INFO exporting\nexport: bucket etl-raw refused the upload: quota of 5 GiB reached\n');
      const json = JSON.parse(await runClassify({ file: odd, exitCode: '1', json: true, suggest: true }));
      expect(json.primary).toBe('unknown');
      expect(json.suggestion.pattern).toMatchObject({ examples: ['export: bucket etl-raw refused the upload: quota of 5 GiB reached'] });
      expect(json.suggestion.yaml).toContain('pack: local\npatterns:\n  - id: local.');
      const text = await runClassify({ file: odd, exitCode: '1', json: false, suggest: true });
      expect(text).toContain('suggested pattern for a pack of yours:\n# Suggested by `etl-cycle classify --suggest`');
      const known = await dir.write('known.log', 'ERROR:  relation "orders" does not exist\n');
      const none = await runClassify({ file: known, exitCode: '1', json: false, suggest: true });
      expect(none).toMatch(/suggest: a pattern already decided \(\S+\): nothing to suggest\n$/);
    } finally {
      await dir.remove();
    }
  });
});
