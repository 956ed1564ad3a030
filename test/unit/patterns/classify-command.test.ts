import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import type { Argv } from 'yargs';
import type { GlobalArgs } from '../../../cli/options.js';
import { classifyInput, formatClassification, parseExitCode, runClassify, toClassifyJson } from '../../../cli/actions/classify.js';
import { classifyCommand } from '../../../cli/commands/classify.js';
import { PatternPackError, UsageError } from '../../../core/errors.js';
import { tempDir } from './helpers.js';
import type { TempDir } from './helpers.js';

const MINI = fileURLToPath(new URL('./fixtures/mini.yaml', import.meta.url));
const LOG = [
  'INFO starting',
  'psycopg2.OperationalError: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused',
  'ERROR:  relation "staging" does not exist',
  'loader exited with code 1',
].join('\n');

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
  vi.restoreAllMocks();
});

describe('etl-cycle classify', () => {
  it('classifies a file: root cause, deciding line, hint, other matches', async () => {
    const file = await dir.write('run.log', LOG);
    const result = await classifyInput({ file, patterns: [MINI] });
    expect(result.primary).toBe('connection_refused');
    expect(result.primaryMatch?.line).toBe(2);
    const summary = formatClassification(result);
    expect(summary.split('\n')[0]).toMatch(/^connection_refused {2}\(\S+\)$/);
    expect(summary).toContain('  line 2: psycopg2.OperationalError');
    expect(summary).toMatch(/\n {2}hint: .+\n/);
    expect(summary).toMatch(/\d+ other match(es)?: .*missing_table ×\d.*crash ×\d/);
  });

  it('reads stdin with -', async () => {
    const result = await classifyInput({
      file: '-',
      patterns: [MINI],
      stdin: Readable.from([Buffer.from(LOG.slice(0, 50)), Buffer.from(LOG.slice(50))]),
    });
    expect(result.primary).toBe('connection_refused');
  });

  it('--json: exactly {primary, matches[{class, pattern, line, text, captures}]}; null when nothing matched', async () => {
    const json = toClassifyJson(await classifyInput({ file: await dir.write('run.log', LOG), patterns: [MINI] }));
    expect(Object.keys(json)).toEqual(['primary', 'matches']);
    expect(json.primary).toBe('connection_refused');
    for (const m of json.matches) expect(Object.keys(m)).toEqual(['class', 'pattern', 'line', 'text', 'captures']);
    expect(json.matches).toContainEqual({
      class: 'missing_table',
      pattern: 'mini.relation_missing',
      line: 3,
      text: 'ERROR:  relation "staging" does not exist',
      captures: { table: 'staging' },
    });
    const clean = await classifyInput({ file: await dir.write('ok.log', 'all good\n'), patterns: [MINI] });
    expect(toClassifyJson(clean)).toEqual({ primary: null, matches: [] });
    expect(formatClassification(clean)).toBe('no known failure pattern matched\n');
  });

  it('refuses to wait on a terminal for stdin', async () => {
    const terminal = Object.assign(Readable.from([]), { isTTY: true });
    await expect(classifyInput({ file: '-', stdin: terminal })).rejects.toThrow(/give a file .* or pipe output into it/);
  });

  it('a missing input is a UsageError; a bad pack a PatternPackError', async () => {
    await expect(classifyInput({ file: `${dir.path}/nope.log` })).rejects.toThrow(UsageError);
    await expect(classifyInput({ file: dir.path })).rejects.toThrow(/is a directory/);
    const bad = await dir.write('bad.yaml', 'pack: bad\npatterns: nope\n');
    await expect(classifyInput({ file: await dir.write('run.log', LOG), patterns: [bad] })).rejects.toThrow(PatternPackError);
  });

  it('--exit-code 0: no failure; retries that recovered are named as such, and a fatal ending is a suspicious success', async () => {
    const healthy = await dir.write(
      'healthy.log',
      [
        'psycopg2.OperationalError: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused',
        'retrying in 2s (attempt 2/5)',
        'connected to db:5432',
        'loaded 12 rows',
      ].join('\n'),
    );
    const text = await runClassify({ file: healthy, exitCode: '0', json: false, suggest: false, patterns: [MINI] });
    expect(text).toMatch(/^no failure: the run exited 0\nrecovered: connection_refused at line 1 \(line 3: connected to db:5432\)\n$/);
    const json = JSON.parse(await runClassify({ file: healthy, exitCode: 0, json: true, suggest: false, patterns: [MINI] }));
    expect(json.primary).toBeNull();
    expect(json.matches).toContainEqual(
      expect.objectContaining({
        pattern: 'mini.connection_refused',
        standing: 'recovered',
        evidence: { line: 3, text: 'connected to db:5432' },
      }),
    );
    for (const m of json.matches) expect(m.standing).toBe('recovered');
    const endsBadly = await dir.write('bad-end.log', 'loaded 12 rows\nERROR:  relation "staging" does not exist\n');
    const suspicious = JSON.parse(await runClassify({ file: endsBadly, exitCode: '0', json: true, suggest: false, patterns: [MINI] }));
    expect(suspicious.primary).toBeNull();
    expect(suspicious.suspicious_success).toEqual({
      source: 'input',
      line: 2,
      last_line: 2,
      text: 'ERROR:  relation "staging" does not exist',
      class: 'missing_table',
      pattern: expect.stringMatching(/\.relation_missing$/),
    });
    expect(await runClassify({ file: endsBadly, exitCode: '0', json: false, suggest: false, patterns: [MINI] })).toContain(
      'suspicious success: the run exited 0 but its output ends in a fatal error (missing_table)\n  line 2: ERROR:',
    );
  });

  it('--exit-code N: a failure nothing explains is unknown, with the likely cause lines', async () => {
    const file = await dir.write('odd.log', 'INFO starting export\nexport: bucket is read-only, cannot write part 3\nINFO cleaning up\n');
    const json = JSON.parse(await runClassify({ file, exitCode: '4', json: true, suggest: false, patterns: [MINI] }));
    expect(json.primary).toBe('unknown');
    expect(json.likely_cause).toEqual([
      { source: 'input', line: 2, text: 'export: bucket is read-only, cannot write part 3', look: 'errorish' },
    ]);
    const text = await runClassify({ file, exitCode: '4', json: false, suggest: false, patterns: [MINI] });
    expect(text).toContain('unknown: the run failed and no known failure pattern matched\nlikely cause:\n  line 2: export: bucket');
  });

  it('--exit-code must be a whole number 0-255', () => {
    expect(parseExitCode(undefined)).toBeUndefined();
    expect(parseExitCode('137')).toBe(137);
    expect(parseExitCode(0)).toBe(0);
    for (const bad of ['x', '-1', '256', '1.5', '']) expect(() => parseExitCode(bad)).toThrow(UsageError);
    expect(() => parseExitCode('x')).toThrow(/--exit-code must be a whole number from 0 to 255 .*got "x"/);
  });

  it('the yargs command prints one JSON object with --json', async () => {
    const file = await dir.write('run.log', LOG);
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    await (yargs(['classify', file, '--json', '--patterns', MINI]) as unknown as Argv<GlobalArgs>)
      .command(classifyCommand)
      .strict()
      .parseAsync();
    vi.restoreAllMocks();
    const printed = JSON.parse(out.join('')) as { primary: string };
    expect(printed.primary).toBe('connection_refused');
  });
});
