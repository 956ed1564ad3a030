/**
 * The byte path (files, stdin): writeBytes scans raw UTF-8 with the bigram scanner and decodes
 * only candidate lines. It must find exactly what the text path finds.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BigramScanner } from '../../../patterns/engine/bigram-scanner.js';
import { classifyFile } from '../../../patterns/engine/classify-stream.js';
import { READ_CHUNK_BYTES } from '../../../patterns/engine/classify-stream.js';
import { MAX_LINE_CHARS } from '../../../patterns/engine/normalize-line.js';
import type { PatternStreamClassifier } from '../../../patterns/engine/pattern-stream-classifier.js';
import { catalogueOf, tempDir } from './helpers.js';

const MINI_FILE = fileURLToPath(new URL('./fixtures/mini.yaml', import.meta.url));
const catalogue = catalogueOf({ file: MINI_FILE, yaml: await readFile(MINI_FILE, 'utf8') });

const MISSING = 'ERROR:  relation "café_ünïcødé_✔" does not exist';
const REFUSED = 'psycopg2.OperationalError: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused';

function viaBytes(parts: Buffer[]) {
  const classifier = catalogue.createClassifier() as PatternStreamClassifier;
  for (const part of parts) classifier.writeBytes('o', part);
  classifier.end('o');
  return classifier.matches().map(({ line, text, captures, pattern }) => ({ line, text, captures, pattern }));
}

describe('writeBytes', () => {
  const log = Buffer.from(['Zoë loaded 12 rows → ok', REFUSED, 'naïve line', MISSING, 'fin'].join('\n') + '\n', 'utf8');
  const expected = [
    { line: 2, text: REFUSED, captures: { host: 'db', port: '5432' }, pattern: 'mini.connection_refused' },
    { line: 4, text: MISSING, captures: { table: 'café_ünïcødé_✔' }, pattern: 'mini.relation_missing' },
  ];

  it('finds what the text path finds, cut at every byte (also inside UTF-8 characters)', () => {
    for (let cut = 1; cut < log.length; cut += 1) {
      expect(viaBytes([log.subarray(0, cut), log.subarray(cut)]), `cut at byte ${cut}`).toEqual(expected);
    }
    expect(viaBytes([...log].map((byte) => Buffer.from([byte])))).toEqual(expected);
  });

  it("does not keep the caller's buffer: it may be reused right away", () => {
    const classifier = catalogue.createClassifier() as PatternStreamClassifier;
    const buffer = Buffer.alloc(64);
    const first = Buffer.from('ERROR:  relation "keep" does not ex');
    first.copy(buffer);
    classifier.writeBytes('o', buffer.subarray(0, first.length));
    buffer.fill(0x21);
    classifier.writeBytes('o', Buffer.from('ist\n'));
    expect(classifier.matches()[0]?.captures).toEqual({ table: 'keep' });
  });

  it('handles CRLF, ANSI colors (ESC and C1 CSI) and a mix of text and byte writes', () => {
    const colored = Buffer.from(`a\r\n\u001b[31mERROR:\u001b[0m  relation "x" does \u009b1mnot exist\r\n`, 'utf8');
    expect(viaBytes([colored])).toEqual([
      { line: 2, text: 'ERROR:  relation "x" does not exist', captures: { table: 'x' }, pattern: 'mini.relation_missing' },
    ]);
    const classifier = catalogue.createClassifier() as PatternStreamClassifier;
    classifier.write('o', 'ERROR:  relation "mé');
    classifier.writeBytes('o', Buffer.from('lange" does not exist\nok\n'));
    classifier.write('o', 'ERROR:  relation "b" does');
    classifier.writeBytes('o', Buffer.from(' not exist'));
    classifier.end('o');
    expect(classifier.matches().map((m) => [m.line, m.captures.table])).toEqual([
      [1, 'mélange'],
      [3, 'b'],
    ]);
  });

  it('bounds a 10 MB line fed as bytes', () => {
    const huge = Buffer.from(`${MISSING} ${'y'.repeat(10 * 1024 * 1024)}\n${REFUSED}\n`);
    const parts: Buffer[] = [];
    for (let at = 0; at < huge.length; at += 65_536) parts.push(huge.subarray(at, at + 65_536));
    for (const input of [[huge], parts]) {
      const found = viaBytes(input);
      expect(found.map((m) => m.line)).toEqual([1, 2]);
      expect(found[0]?.text.length).toBeLessThanOrEqual(MAX_LINE_CHARS);
    }
  });

  it('classifyFile reads in chunks and finds lines straddling read boundaries', async () => {
    const dir = await tempDir();
    try {
      const filler = 'x'.repeat(99);
      const lines: string[] = [];
      while (lines.length * 100 < READ_CHUNK_BYTES * 3) lines.push(filler);
      // A match right across the first and second read boundaries.
      const at = Math.floor(READ_CHUNK_BYTES / 100) - 0;
      lines.splice(at, 0, MISSING);
      lines.splice(at * 2, 0, REFUSED);
      const file = await dir.write('big.log', `${lines.join('\n')}\n`);
      const result = await classifyFile(catalogue, file);
      expect(result.matches.map((m) => [m.line, m.pattern])).toEqual([
        [at + 1, 'mini.relation_missing'],
        [at * 2 + 1, 'mini.connection_refused'],
      ]);
    } finally {
      await dir.remove();
    }
  });
});

describe('BigramScanner', () => {
  it('finds every line holding a literal, as the classifier walks (hit, then next line), on random text', () => {
    const literals = ['refused', 'does not exist', 'xz', 'deadlock detected', '" (', 'oom'];
    const scanner = new BigramScanner(literals);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz REFUSEDxz"(\n';
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 300; round += 1) {
      let text = '';
      for (let i = 0; i < 600; i += 1) text += alphabet[Math.floor(random() * alphabet.length)];
      if (round % 3 === 0) text = `${text.slice(0, 150)}Does Not Exist${text.slice(150)}`;
      const bytes = Buffer.from(text, 'latin1');
      const lines = text.split('\n');
      const expected = lines.flatMap((line, index) => (literals.some((l) => line.toLowerCase().includes(l)) ? [index] : []));
      const found: number[] = [];
      let from = 0;
      for (;;) {
        const hit = scanner.find(bytes, from, bytes.length);
        if (hit === -1) break;
        expect(
          literals.some((l) => text.toLowerCase().startsWith(l, hit)),
          `a literal starts at ${hit}`,
        ).toBe(true);
        found.push(text.slice(0, hit).split('\n').length - 1);
        const lineEnd = text.indexOf('\n', hit);
        if (lineEnd === -1) break;
        from = lineEnd + 1;
      }
      expect(found, `round ${round}`).toEqual(expected);
    }
  });

  it('accepts only literal sets it can scan', () => {
    expect(BigramScanner.accepts(['refused', 'oom'])).toBe(true);
    expect(BigramScanner.accepts(['refused', 'x'])).toBe(false); // a single character has no bigram
    expect(BigramScanner.accepts(['Refused'])).toBe(false);
    expect(BigramScanner.accepts([])).toBe(false);
  });
});
