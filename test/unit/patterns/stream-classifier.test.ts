import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyText } from '../../../patterns/engine/classify-stream.js';
import { MAX_LINE_CHARS } from '../../../patterns/engine/normalize-line.js';
import { MAX_MATCHES_PER_SOURCE } from '../../../patterns/engine/pattern-stream-classifier.js';
import type { StreamClassifier } from '../../../patterns/types.js';
import { catalogueOf } from './helpers.js';

const MINI_FILE = fileURLToPath(new URL('./fixtures/mini.yaml', import.meta.url));
const catalogue = catalogueOf({ file: MINI_FILE, yaml: await readFile(MINI_FILE, 'utf8') });

const REFUSED = 'psycopg2.OperationalError: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused';
const MISSING = 'ERROR:  relation "public.staging" does not exist at character 15';

function feed(chunks: string[], source = 'orchestrator'): StreamClassifier {
  const classifier = catalogue.createClassifier();
  for (const chunk of chunks) classifier.write(source, chunk);
  classifier.end(source);
  return classifier;
}

/** Every way of cutting `text` into two chunks, and into single characters. */
function splits(text: string): string[][] {
  const out: string[][] = [];
  for (let i = 1; i < text.length; i += 1) out.push([text.slice(0, i), text.slice(i)]);
  out.push([...text]);
  return out;
}

describe('stream classifier: lines', () => {
  const log = ['INFO starting load', REFUSED, 'INFO retrying', MISSING, 'done'].join('\n') + '\n';
  const expected = [
    { pattern: 'mini.connection_refused', line: 2, text: REFUSED, captures: { host: 'db', port: '5432' } },
    { pattern: 'mini.relation_missing', line: 4, text: MISSING, captures: { table: 'public.staging' } },
  ];

  it('finds the same matches, with line numbers, however the output is cut into chunks', () => {
    for (const chunks of splits(log)) {
      const found = feed(chunks)
        .matches()
        .map(({ pattern, line, text, captures }) => ({ pattern, line, text, captures }));
      expect(found, JSON.stringify(chunks.slice(0, 2))).toEqual(expected);
    }
  });

  it('fills the hint from the captures and stamps the source', () => {
    const [refused] = feed([log], 'readiness').matches();
    expect(refused).toMatchObject({
      hint: 'Nothing accepts connections at db:5432 yet: wait for the database to be ready.',
      source: 'readiness',
      class: 'connection_refused',
    });
  });

  it('handles CRLF line ends', () => {
    const found = feed([log.replace(/\n/g, '\r\n')]).matches();
    expect(found.map((m) => [m.line, m.text])).toEqual([
      [2, REFUSED],
      [4, MISSING],
    ]);
  });

  it('strips ANSI colors, also inside the words a pattern needs', () => {
    const colored = `\u001b[31mERROR:\u001b[0m  relation "\u001b[1mstaging\u001b[22m" does \u001b[4mnot\u001b[24m exist\n`;
    const [match] = feed([colored]).matches();
    expect(match).toMatchObject({
      pattern: 'mini.relation_missing',
      text: 'ERROR:  relation "staging" does not exist',
      captures: { table: 'staging' },
    });
  });

  it('flushes a last line without newline at end()', () => {
    const classifier = catalogue.createClassifier();
    classifier.write('o', `INFO ok\n${MISSING}`);
    expect(classifier.matches()).toEqual([]);
    expect(classifier.result({ failed: true }).primary).toBe('missing_table'); // the verdict sees the unfinished line
    expect(classifier.matches()).toEqual([]); // ...without consuming it
    classifier.end('o');
    expect(classifier.matches().map((m) => m.line)).toEqual([2]);
  });

  it('keeps a line that spans many chunks, and counts lines across them', () => {
    const classifier = catalogue.createClassifier();
    for (let i = 0; i < 3; i += 1) classifier.write('o', 'x\n');
    for (const part of MISSING.match(/.{1,4}/g) ?? []) classifier.write('o', part);
    classifier.write('o', '\nafter\n');
    expect(classifier.matches().map((m) => [m.line, m.text])).toEqual([[4, MISSING]]);
  });

  it('keeps sources apart: each has its own line numbers and unfinished line', () => {
    const classifier = catalogue.createClassifier();
    classifier.write('a', 'one\nERROR:  relation "a"');
    classifier.write('b', REFUSED.slice(0, 30));
    classifier.write('a', ' does not exist\n');
    classifier.write('b', `${REFUSED.slice(30)}\n`);
    expect(classifier.matches().map((m) => [m.source, m.line, m.pattern])).toEqual([
      ['a', 2, 'mini.relation_missing'],
      ['b', 1, 'mini.connection_refused'],
    ]);
  });

  it('does not fire on healthy lines with scary words', () => {
    const healthy = [
      'NOTICE:  relation "customers" already exists, skipping',
      'INFO loaded 1200 rows, 0 errors',
      'log_min_error_statement = error',
      'loader exited with code 0',
      'retrying in 2s ... connected',
      'DEBUG timeout=30s connection refused count=0 (metric name)',
      'the word "does not exist" in a comment',
    ].join('\n');
    const result = feed([`${healthy}\n`]).result({ failed: false });
    expect(result).toEqual({ primary: null, matches: [] });
  });

  it('matches only the first MAX_LINE_CHARS of a line', () => {
    const padding = 'x'.repeat(MAX_LINE_CHARS);
    const late = feed([`${padding}${MISSING}\n`]).matches();
    expect(late).toEqual([]);
    const early = feed([`${MISSING} ${padding}\n`]).matches();
    expect(early).toHaveLength(1);
    expect(early[0]?.text).toHaveLength(MAX_LINE_CHARS);
  });

  it('classifies around a 10 MB line, in one chunk or many, without keeping it', () => {
    const huge = `${MISSING} ${'y'.repeat(10 * 1024 * 1024)}`;
    const text = `${REFUSED}\n${huge}\nafter\n${MISSING}\n`;
    const whole = feed([text]).matches();
    expect(whole.map((m) => [m.line, m.pattern])).toEqual([
      [1, 'mini.connection_refused'],
      [2, 'mini.relation_missing'],
      [4, 'mini.relation_missing'],
    ]);
    const pieces: string[] = [];
    for (let at = 0; at < text.length; at += 65_536) pieces.push(text.slice(at, at + 65_536));
    const chunked = feed(pieces).matches();
    expect(chunked.map((m) => [m.line, m.pattern])).toEqual([
      [1, 'mini.connection_refused'],
      [2, 'mini.relation_missing'],
      [4, 'mini.relation_missing'],
    ]);
    expect(Math.max(...chunked.map((m) => m.text.length))).toBeLessThanOrEqual(MAX_LINE_CHARS);
  });

  it('keeps at most MAX_MATCHES_PER_SOURCE matches of a source', () => {
    const flood = `${MISSING}\n`.repeat(MAX_MATCHES_PER_SOURCE + 50);
    const classifier = feed([flood]);
    expect(classifier.matches()).toHaveLength(MAX_MATCHES_PER_SOURCE);
    classifier.write('other', `${REFUSED}\n`);
    expect(classifier.matches()).toHaveLength(MAX_MATCHES_PER_SOURCE + 1);
  });

  it('classifyText gives one verdict for a whole text', () => {
    expect(classifyText(catalogue, `${REFUSED}\n${MISSING}`).primary).toBe('connection_refused');
    expect(classifyText(catalogue, 'all good\n').primary).toBe('unknown');
    expect(classifyText(catalogue, 'all good\n', { failed: false }).primary).toBeNull();
  });
});

describe('stream classifier: a pattern without a literal runs on every line', () => {
  const anyLine = catalogueOf({
    file: 'loose.yaml',
    yaml: [
      'pack: loose',
      'patterns:',
      '  - id: loose.exit_code',
      '    class: crash',
      "    regex: '^\\w+ \\d{3}$'",
      "    hint: 'odd'",
      '    examples: [ "status 139" ]',
    ].join('\n'),
  });

  it('is still found, on every line, with the right numbers', () => {
    const classifier = anyLine.createClassifier();
    classifier.write('o', 'a\nstatus 139\r\nb\nexit 134\n');
    expect(classifier.matches().map((m) => [m.line, m.text])).toEqual([
      [2, 'status 139'],
      [4, 'exit 134'],
    ]);
  });
});
