import { describe, expect, it } from 'vitest';
import { BigramScanner } from '../../../patterns/engine/bigram-scanner.js';

const LITERALS = ['connection refused', 'timeout', '08001', 'net::readtimeout', 'already exists', 'ab'];

describe('BigramScanner on text lines', () => {
  it('finds every occurrence of every literal, case-folded, whatever the anchors were learned from', () => {
    const lines = [
      'psql: error: Connection Refused (TIMEOUT after 08001 ms) already exists; connection refused again',
      'Net::ReadTimeout in naïve código — ab ab',
      'nothing here at all',
      'ａｂ full-width letters are not ASCII, ab is',
    ];
    for (const sample of ['', 'timeout timeout timeout', LITERALS.join('\n')]) {
      const scanner = new BigramScanner(LITERALS);
      if (sample) scanner.learn(Buffer.from(sample, 'latin1'));
      for (const line of lines) {
        const found: string[] = [];
        scanner.forEachLiteralIn(line, (index) => {
          found.push(LITERALS[index]!);
        });
        const expected = LITERALS.flatMap((l) => {
          const lower = line.toLowerCase();
          const hits: string[] = [];
          for (let i = lower.indexOf(l); i !== -1; i = lower.indexOf(l, i + 1)) hits.push(l);
          return hits;
        });
        expect(found.sort(), `${line} (anchors from "${sample}")`).toEqual(expected.sort());
        expect(scanner.occursIn(line)).toBe(expected.length > 0);
      }
    }
  });
});
