/**
 * Priority tiers: a generic layer (errno names, exception classes, SQLSTATEs, HTTP statuses)
 * below the product packs, and weak symptoms below both.
 */
import { describe, expect, it } from 'vitest';
import { classifyText } from '../../../patterns/engine/classify-stream.js';
import { catalogueOf } from './helpers.js';

const PRODUCT = {
  file: 'pg.yaml',
  yaml: `
pack: pg
patterns:
  - id: pg.relation_missing
    class: missing_table
    regex: 'relation "(?<table>[^"]+)" does not exist'
    hint: 'Table {table} is missing.'
    examples: ['psycopg2.errors.UndefinedTable: relation "orders" does not exist']
  - id: pg.exited
    class: crash
    weak: true
    regex: 'exited with code [1-9]'
    hint: 'A process failed.'
    examples: ['loader exited with code 1']
`,
};
const GENERIC = {
  file: 'generic.yaml',
  yaml: `
pack: generic
tier: generic
patterns:
  - id: generic.errno_enoent
    class: file_not_found
    regex: '\\[Errno 2\\]|\\bENOENT\\b'
    hint: 'A file is missing.'
    examples: ["FileNotFoundError: [Errno 2] No such file or directory: 'x.csv'"]
  - id: generic.undefined_table_sqlstate
    class: missing_table
    regex: '\\b42P01\\b'
    hint: 'SQLSTATE 42P01: undefined table.'
    examples: ['ERROR:  42P01: relation "orders" does not exist']
  - id: generic.python_exception
    class: crash
    regex: '^(?:ValueError|KeyError): '
    hint: 'A Python exception.'
    examples: ['ValueError: bad value']
  - id: generic.traceback
    class: crash
    tier: generic
    weak: true
    regex: '^Traceback \\(most recent call last\\):'
    hint: 'A Python program died.'
    examples: ['Traceback (most recent call last):']
  - id: generic.sqlstate_as_product
    class: syntax_error
    tier: product
    regex: '\\b42601\\b'
    hint: 'SQLSTATE 42601: syntax error.'
    examples: ['ERROR:  42601: syntax error at or near "SELEC"']
`,
};
const catalogue = catalogueOf(PRODUCT, GENERIC);
const run = (...lines: string[]) => classifyText(catalogue, `${lines.join('\n')}\n`, { exitCode: 1 });

describe('tiers', () => {
  it('a product match wins over an earlier generic one', () => {
    const result = run(
      "FileNotFoundError: [Errno 2] No such file or directory: 'orders.csv'",
      'psycopg2.errors.UndefinedTable: relation "orders" does not exist',
    );
    expect(result.primaryMatch?.pattern).toBe('pg.relation_missing');
  });

  it('on the same line too', () => {
    expect(run('psycopg2.errors.UndefinedTable: relation "orders" does not exist').primaryMatch?.pattern).toBe('pg.relation_missing');
  });

  it('the generic layer decides when no product pattern knows the output, ahead of weak symptoms', () => {
    const result = run(
      'Traceback (most recent call last):',
      '  File "x.py", line 1',
      "FileNotFoundError: [Errno 2] No such file or directory: 'x.csv'",
      'loader exited with code 1',
    );
    expect(result.primary).toBe('file_not_found');
    expect(result.primaryMatch?.pattern).toBe('generic.errno_enoent');
  });

  it("a pattern may leave its pack's tier", () => {
    const result = run(
      'ERROR:  42601: syntax error at or near "SELEC"',
      'psycopg2.errors.UndefinedTable: relation "orders" does not exist',
    );
    expect(result.primaryMatch?.pattern).toBe('generic.sqlstate_as_product');
  });

  it('the standing comes first: a generic error beats a product warning', () => {
    const result = run(
      'WARNING:  relation "orders" does not exist, skipping the cleanup',
      "FileNotFoundError: [Errno 2] No such file or directory: 'x.csv'",
    );
    expect(result.primaryMatch?.pattern).toBe('generic.errno_enoent');
  });

  it('catalogue listings say the tier', () => {
    expect(catalogue.patterns.find((p) => p.id === 'generic.errno_enoent')).toMatchObject({ tier: 'generic', weak: false });
    expect(catalogue.patterns.find((p) => p.id === 'pg.relation_missing')).toMatchObject({ tier: 'product' });
  });
});
