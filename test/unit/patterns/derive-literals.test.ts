import { describe, expect, it } from 'vitest';
import { deriveLiterals } from '../../../patterns/catalogue/derive-literals.js';

describe('deriveLiterals', () => {
  it.each([
    ['relation "(?<table>[^"]+)" does not exist', ['" does not exist']],
    ['FATAL:  password authentication failed for user "(?<user>[^"]+)"', ['fatal:  password authentication failed for user "']],
    ['(?:java\\.net\\.)?ConnectException: Connection refused', ['connectexception: connection refused']],
    ['[Ee]rror: disk quota', ['error: disk quota']], // a class of one letter in two cases is that letter
    ['(?:ECONNREFUSED|connect: connection refused)', ['econnrefused', 'connect: connection refused']],
    ['(?:lock)+ wait timeout', [' wait timeout']], // the longest requirement wins
    ['dead(?:lock)+', ['dead']], // a repeated part is required once: "dead" and "lock" tie, the first stays
    ['(?:timeout|\\d+ms)', ['ms', 'timeout']], // one literal per branch
    ['Out of memory|out of memory: kill process', ['out of memory']], // "out of memory: kill..." contains "out of memory"
    ['\\bno such table: (?<table>\\S+)', ['no such table: ']],
    // Few plain alternatives and optional characters branch one long run instead of breaking it.
    ['Net::(?:Read|Open|Write)Timeout', ['net::opentimeout', 'net::readtimeout', 'net::writetimeout']],
    ['sql ?state: (?<code>\\w+)', ['sqlstate: ', 'sql state: ']],
    // Digits and punctuation are rarer in logs than words: SQLSTATE codes beat "state".
    ['(?:\\bSQLSTATE|\\bpgcode)\\W{0,4}(?:08001|08006)\\b', ['08001', '08006']],
  ])('%s → %j', (source, literals) => {
    expect(deriveLiterals(source)).toEqual(literals);
  });

  it.each([
    ['^\\d+$'],
    ['(?:timeout|\\d+)'], // one branch has no literal: any line may match
    ['x?y*'],
    ['[^"]+'],
  ])('%s has no usable literal', (source) => {
    expect(deriveLiterals(source)).toEqual([]);
  });

  it('keeps ASCII only, so lowercase + includes agrees with the i flag', () => {
    expect(deriveLiterals('Fehler: Datei nicht gefunden – (?<path>\\S+)')).toEqual(['fehler: datei nicht gefunden ']);
  });

  it('every literal it derives is in every line the regex matches (case-insensitively)', () => {
    const cases: [string, string[]][] = [
      ['relation "(?<table>[^"]+)" does not exist', ['ERROR: RELATION "X" DOES NOT EXIST', 'relation "a.b" does not exist']],
      [
        '(?:ECONNREFUSED|connect: connection refused)',
        ['Error: connect ECONNREFUSED 127.0.0.1:5432', 'dial tcp: connect: Connection Refused'],
      ],
      ['[Ee]rror: disk quota', ['ERROR: DISK QUOTA exceeded']],
    ];
    for (const [source, lines] of cases) {
      const literals = deriveLiterals(source);
      for (const line of lines) {
        expect(new RegExp(source, 'i').test(line)).toBe(true);
        expect(
          literals.some((l) => line.toLowerCase().includes(l)),
          `${source} / ${line}`,
        ).toBe(true);
      }
    }
  });
});
