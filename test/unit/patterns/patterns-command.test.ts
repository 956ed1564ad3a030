import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import type { Argv } from 'yargs';
import type { GlobalArgs } from '../../../cli/options.js';
import { formatPackCheckReport, formatPatternList, listPatterns, throwIfProblems } from '../../../cli/actions/patterns.js';
import { patternsCommand } from '../../../cli/commands/patterns.js';
import { PatternPackError } from '../../../core/errors.js';
import { checkPacks } from '../../../patterns/checks/check-packs.js';
import { tempDir } from './helpers.js';
import type { TempDir } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const MINI = `${FIXTURES}mini.yaml`;

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
  vi.restoreAllMocks();
});

describe('etl-cycle patterns', () => {
  it('list: id, class, pack and hint of every pattern, user packs included', async () => {
    const patterns = await listPatterns({ patterns: [MINI], disable: ['mini.exited'] });
    expect(patterns.find((p) => p.id === 'mini.relation_missing')).toMatchObject({ class: 'missing_table', pack: 'mini', source: 'user' });
    expect(patterns.some((p) => p.id === 'mini.exited')).toBe(false);
    const text = formatPatternList(patterns);
    expect(text).toMatch(/^mini\.relation_missing +missing_table +\(user\) Table "\{table\}" does not exist/m);
    expect(text.trimEnd().split('\n').at(-1)).toBe(`${patterns.length} patterns`);
  });

  it('check: a folder of good packs passes, with warnings listed', async () => {
    const report = await checkPacks([FIXTURES]);
    expect(report.problems).toEqual([]);
    expect(report.files.map((f) => f.slice(FIXTURES.length))).toEqual(['mini.yaml', 'sql.yaml']);
    expect(report.patterns).toBe(9);
    const text = formatPackCheckReport(report);
    expect(text).toMatch(/^warning: .*sql\.yaml: pattern sql\.syntax_error: capture "token" is not a standard capture name/m);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(
      /^checked 2 pack file\(s\): 9 valid pattern\(s\), 10 example\(s\), 3 near-miss\(es\): all good \(\d+ warning\(s\)\)$/,
    );
    expect(() => throwIfProblems(report)).not.toThrow();
  });

  it('check: lists every problem of every pack, then fails with one PatternPackError', async () => {
    const one = await dir.write(
      'one.yaml',
      [
        'pack: one',
        'patterns:',
        '  - { id: one.a, class: timeout, regex: "timed out", hint: h, examples: ["it timed out"], near_misses: ["request timed out, retrying"] }',
        '  - { id: one.b, class: nope, regex: "x", hint: h, examples: ["x"] }',
      ].join('\n'),
    );
    const two = await dir.write(
      'two.yaml',
      'pack: two\npatterns:\n  - { id: two.a, class: crash, regex: "(a+)+$", hint: h, examples: ["aaa"] }\n',
    );
    const report = await checkPacks([one, two]);
    const text = formatPackCheckReport(report);
    expect(text).toContain(`error: ${one}: pattern one.a: near-miss 1 matches but must not`);
    expect(text).toContain(`error: ${one}: pattern one.b: class: unknown class`);
    expect(text).toContain(`error: ${two}: pattern two.a: regex backtracks catastrophically: exponential`);
    expect(() => throwIfProblems(report)).toThrow(new PatternPackError('3 problem(s) in 2 pattern pack file(s), listed above'));
  });

  it('the yargs command runs check on the paths it is given', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    await (yargs(['patterns', 'check', MINI]) as unknown as Argv<GlobalArgs>).command(patternsCommand).strict().parseAsync();
    vi.restoreAllMocks();
    expect(out.join('')).toMatch(/checked 1 pack file\(s\): 7 valid pattern\(s\)/);
  });
});
