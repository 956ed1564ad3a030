import { describe, expect, it } from 'vitest';
import { checkRegexComplexity } from '../../../patterns/checks/check-redos.js';
import { isTriviallyBounded } from '../../../patterns/checks/is-trivially-bounded.js';

describe('ReDoS check', () => {
  it.each([
    ['(a+)+$', 'exponential'],
    ['^(\\w+\\s?)*$', 'exponential'],
    ['ERROR:\\s+(.+)\\s+at\\s+(.+)', 'polynomial (degree 3)'],
    ['Error.*while.*connecting.*to', 'polynomial'],
  ])('rejects %s (%s)', async (source, how) => {
    const verdict = await checkRegexComplexity(source, 'i');
    expect(verdict.safe).toBe(false);
    expect(verdict.safe ? '' : verdict.reason).toContain(how);
  });

  it.each([
    'relation "(?<table>[^"]+)" does not exist',
    'connection to server at "(?<host>[^"]+)" \\([^)]*\\), port (?<port>\\d+) failed: Connection refused',
    'Caused by: .*Exception: (?<message>.*)',
    "no such file or directory.*'(?<path>[^']+)'",
  ])('accepts %s (at most quadratic)', async (source) => {
    expect(await checkRegexComplexity(source, 'i')).toEqual({ safe: true });
  });

  it('skips the slow check only for regexes that cannot backtrack more than quadratically', async () => {
    const provable = [
      'relation "(?<table>[^"]+)" does not exist', // one loop
      'exited with code (?<status>\\d{1,3})', // small bounded repeats only
      'panic: (?:runtime error: )?.*', // one trailing loop
      'connection to server at "(?<host>[^"]+)"(?: \\([^)]*\\))?, port (?<port>\\d{1,5}) failed', // every loop delimited
      'Connection to (?<host>[^\\s:]+):(?<port>\\d+) refused', // [^\\s:]+ then ":", \\d+ then " "
      'ERROR: (?<message>.*)$', // a loop running to the end of the line
    ];
    const unprovable = [
      '(a+)+', // repeated part is not a single character set
      'a.*b.*c', // `.` can match the characters that follow
      'x.{0,5000}y.{0,5000}z', // large bounded repeats count as loops
      '(?<q>["\'])\\k<q>.*', // backreference
      '\\w+\\d+x', // a loop followed by a loop
      '[a-z]+e[a-z]+f', // two loops that can match what follows them
      '(?!retry).*failed.*', // lookaround
    ];
    for (const source of provable) expect(isTriviallyBounded(source, 'i'), source).toBe(true);
    for (const source of unprovable) expect(isTriviallyBounded(source, 'i'), source).toBe(false);
    // Where the shortcut says yes, the real checker agrees.
    const { check } = await import('recheck');
    for (const source of provable) {
      const diagnostics = await check(source, 'i');
      const degree =
        diagnostics.status === 'vulnerable' && diagnostics.complexity.type === 'polynomial' ? diagnostics.complexity.degree : 0;
      expect(diagnostics.status === 'safe' || degree <= 2, source).toBe(true);
    }
  });

  it('is case-aware: [^E]+ delimits e only under the i flag', () => {
    expect(isTriviallyBounded('x[^E]+ey[^E]+ez', 'i')).toBe(true);
    expect(isTriviallyBounded('x[^E]+ey[^E]+ez', '')).toBe(false);
  });
});
