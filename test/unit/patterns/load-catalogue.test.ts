import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PatternPackError } from '../../../core/errors.js';
import { classifyText } from '../../../patterns/engine/classify-stream.js';
import { loadCatalogue, loadCatalogueFromFiles } from '../../../patterns/load-catalogue.js';
import { tempDir } from './helpers.js';
import type { TempDir } from './helpers.js';

const MINI = fileURLToPath(new URL('./fixtures/mini.yaml', import.meta.url));
const SQL = fileURLToPath(new URL('./fixtures/sql.yaml', import.meta.url));

/** A valid pattern entry; `fields` replaces or adds YAML lines. */
function pattern(id: string, fields: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    id,
    class: 'missing_table',
    regex: `'relation "(?<table>[^"]+)" does not exist'`,
    hint: `'Table {table} is missing.'`,
    examples: `\n      - 'ERROR:  relation "x" does not exist'`,
    ...fields,
  };
  const lines = Object.entries(base).map(([key, value], index) => `${index === 0 ? '  - ' : '    '}${key}: ${value}`);
  return `${lines.join('\n')}\n`;
}

function pack(name: string, ...patterns: string[]): string {
  return `pack: ${name}\npatterns:\n${patterns.join('')}`;
}

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

async function rejection(files: string[], options: { disable?: string[] } = {}): Promise<PatternPackError> {
  const error: unknown = await loadCatalogue({ builtin: false, packs: files, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PatternPackError);
  const message = (error as PatternPackError).message;
  expect(message).not.toContain('\n');
  return error as PatternPackError;
}

describe('loadCatalogue: bad packs are rejected with one line naming file, pattern and reason', () => {
  it('invalid YAML', async () => {
    const file = await dir.write('broken.yaml', 'pack: broken\npatterns:\n  - id: broken.x\n    regex: [unclosed\n');
    const { message } = await rejection([file]);
    expect(message).toMatch(new RegExp(`^${escape(file)}: invalid YAML at line \\d+: `));
  });

  it('invalid JSON', async () => {
    const file = await dir.write('broken.json', '{"pack": "broken", ');
    expect((await rejection([file])).message).toContain(`${file}: invalid JSON: `);
  });

  it('a schema violation (missing hint, unknown field)', async () => {
    const missing = await dir.write('acme.yaml', pack('acme', pattern('acme.no_hint', { hint: "''" })));
    expect((await rejection([missing])).message).toBe(`${missing}: pattern acme.no_hint: hint: must not be empty`);
    const unknown = await dir.write('acme.yaml', pack('acme', pattern('acme.extra', { severity: 'high' })));
    expect((await rejection([unknown])).message).toBe(`${unknown}: pattern acme.extra: unknown field "severity"`);
  });

  it('an unknown class', async () => {
    const file = await dir.write('acme.yaml', pack('acme', pattern('acme.bad_class', { class: 'table_gone' })));
    const { message } = await rejection([file]);
    expect(message).toContain(`${file}: pattern acme.bad_class: class: unknown class, got "table_gone"`);
    expect(message).toContain('expected one of timeout, connection_refused');
  });

  it('an invalid regex', async () => {
    const file = await dir.write(
      'acme.yaml',
      pack('acme', pattern('acme.bad_regex', { regex: `'relation (?<table>[^"]+ does not exist'` })),
    );
    expect((await rejection([file])).message).toMatch(
      new RegExp(`^${escape(file)}: pattern acme\\.bad_regex: invalid regex: .*Unterminated group`),
    );
  });

  it('an id not prefixed by its pack name', async () => {
    const file = await dir.write('acme.yaml', pack('acme', pattern('other.relation_missing')));
    expect((await rejection([file])).message).toBe(
      `${file}: pattern other.relation_missing: id must start with the pack name "acme." (or be the id of a built-in pattern it overrides)`,
    );
  });

  it('a pack name that is not the file stem', async () => {
    const file = await dir.write('acme.yaml', pack('acme-corp', pattern('acme-corp.relation_missing')));
    expect((await rejection([file])).message).toContain('pack name "acme-corp" must equal the file name without extension ("acme")');
  });

  it('a duplicate id in one pack and across packs of the same level', async () => {
    const same = await dir.write('acme.yaml', pack('acme', pattern('acme.relation_missing'), pattern('acme.relation_missing')));
    expect((await rejection([same])).message).toBe(`${same}: pattern acme.relation_missing: duplicate id in this pack`);
    const first = await dir.write('acme.yaml', pack('acme', pattern('acme.relation_missing')));
    const second = await dir.write('second.yaml', pack('second', pattern('acme.relation_missing')));
    // Across files the prefix rule fires first for the second file: an id belongs to one pack.
    expect((await rejection([first, second])).message).toContain(
      `${second}: pattern acme.relation_missing: id must start with the pack name "second."`,
    );
  });

  it('an example that does not match, or yields other captures', async () => {
    const file = await dir.write(
      'acme.yaml',
      pack(
        'acme',
        pattern('acme.relation_missing', {
          examples: `\n      - 'ERROR:  relation "x" does not exist'\n      - 'ERROR:  table "x" does not exist'`,
        }),
      ),
    );
    expect((await rejection([file])).message).toBe(
      `${file}: pattern acme.relation_missing: example 2 does not match: "ERROR:  table \\"x\\" does not exist"`,
    );
    const captures = await dir.write(
      'acme.yaml',
      pack(
        'acme',
        pattern('acme.relation_missing', {
          examples: `\n      - line: 'ERROR:  relation "public.x" does not exist'\n        captures: { table: x }`,
        }),
      ),
    );
    expect((await rejection([captures])).message).toBe(
      `${captures}: pattern acme.relation_missing: example 1 captures table="public.x", expected "x"`,
    );
  });

  it('a near-miss that matches', async () => {
    const file = await dir.write(
      'acme.yaml',
      pack(
        'acme',
        pattern('acme.exists', {
          class: 'already_exists',
          regex: `'relation "(?<table>[^"]+)" already exists'`,
          examples: `\n      - 'ERROR:  relation "x" already exists'`,
          near_misses: `\n      - 'NOTICE:  relation "x" already exists, skipping'`,
        }),
      ),
    );
    expect((await rejection([file])).message).toBe(
      `${file}: pattern acme.exists: near-miss 1 matches but must not: "NOTICE:  relation \\"x\\" already exists, skipping"`,
    );
  });

  it('a hint placeholder without a named group', async () => {
    const file = await dir.write('acme.yaml', pack('acme', pattern('acme.relation_missing', { hint: `'Table {tabel} is missing.'` })));
    expect((await rejection([file])).message).toBe(
      `${file}: pattern acme.relation_missing: hint uses {tabel} but the regex has no named group "tabel"`,
    );
  });

  it('a regex the ReDoS check flags', async () => {
    const file = await dir.write(
      'acme.yaml',
      pack(
        'acme',
        pattern('acme.slow', {
          class: 'syntax_error',
          regex: `'ERROR:\\s+(.+)\\s+at\\s+(.+)'`,
          hint: `'A syntax error.'`,
          examples: `\n      - 'ERROR: unexpected token at line 3'`,
        }),
      ),
    );
    const { message } = await rejection([file]);
    expect(message).toContain(`${file}: pattern acme.slow: regex backtracks catastrophically: polynomial (degree 3)`);
  });

  it('a missing pack file', async () => {
    const file = `${dir.path}/nope.yaml`;
    expect((await rejection([file])).message).toBe(`${file}: no such file`);
  });
});

describe('loadCatalogue: levels, overrides and disable', () => {
  it('loads YAML and JSON user packs', async () => {
    const json = await dir.write(
      'acme.json',
      JSON.stringify({
        pack: 'acme',
        patterns: [
          {
            id: 'acme.gone',
            class: 'missing_table',
            regex: 'table (?<table>\\w+) is gone',
            hint: 'Table {table} is gone.',
            examples: ['table x is gone'],
          },
        ],
      }),
    );
    const catalogue = await loadCatalogue({ builtin: false, packs: [MINI, json] });
    expect(catalogue.patterns.map((p) => p.id)).toContain('acme.gone');
    expect(catalogue.patterns.find((p) => p.id === 'acme.gone')).toMatchObject({ pack: 'acme', source: 'user', class: 'missing_table' });
  });

  it('a user pattern with a built-in id replaces it in place, from any user pack', async () => {
    const override = await dir.write(
      'acme.yaml',
      pack(
        'acme',
        pattern('mini.relation_missing', {
          class: 'missing_database',
          hint: `'Overridden: {table}.'`,
        }),
      ),
    );
    const catalogue = await loadCatalogueFromFiles([MINI, SQL], { packs: [override] });
    const ids = catalogue.patterns.map((p) => p.id);
    expect(ids.filter((id) => id === 'mini.relation_missing')).toHaveLength(1);
    expect(ids.indexOf('mini.relation_missing')).toBe(0);
    expect(catalogue.patterns[0]).toMatchObject({ class: 'missing_database', source: 'user', pack: 'acme' });
    const result = classifyText(catalogue, 'ERROR:  relation "x" does not exist\n');
    expect(result.primary).toBe('missing_database');
    expect(result.primaryMatch?.hint).toBe('Overridden: x.');
  });

  it('a built-in id defined twice across built-in packs is rejected', async () => {
    const copy = await dir.write('mini.yaml', pack('mini', pattern('mini.relation_missing')));
    const error: unknown = await loadCatalogueFromFiles([MINI, copy]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PatternPackError);
    expect((error as Error).message).toBe(`${copy}: pattern mini.relation_missing: duplicate id: also defined in ${MINI}`);
  });

  it('disable removes patterns; an unknown id in disable is an error naming it', async () => {
    const catalogue = await loadCatalogueFromFiles([MINI, SQL], { disable: ['sql.deadlock'] });
    expect(catalogue.patterns.map((p) => p.id)).not.toContain('sql.deadlock');
    expect(classifyText(catalogue, 'ERROR:  deadlock detected\n').primary).toBe('unknown');
    const error = await rejection([MINI], { disable: ['mini.relation_misssing'] });
    expect(error.message).toBe('cannot disable unknown pattern id "mini.relation_misssing"');
  });

  it('builtin: false leaves the built-in packs out', async () => {
    const catalogue = await loadCatalogue({ builtin: false });
    expect(catalogue.patterns).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
