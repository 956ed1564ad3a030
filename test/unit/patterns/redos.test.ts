import { describe, expect, it } from 'vitest';
import { checkRegexComplexity, isTriviallyBounded } from '../../../patterns/check-redos.js';

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
    'no such file or directory.*\'(?<path>[^\']+)\'',
  ])('accepts %s (at most quadratic)', async (source) => {
    expect(await checkRegexComplexity(source, 'i')).toEqual({ safe: true });
  });

  it('skips the slow check only for regexes that cannot backtrack more than quadratically', async () => {
    expect(isTriviallyBounded('relation "(?<table>[^"]+)" does not exist')).toBe(true);
    expect(isTriviallyBounded('exited with code (?<status>\\d{1,3})')).toBe(true);
    expect(isTriviallyBounded('(a+)+')).toBe(false); // repeated part is not a fixed sequence
    expect(isTriviallyBounded('a.*b.*c')).toBe(false); // two unbounded repeats
    expect(isTriviallyBounded('x.{0,5000}y.{0,5000}z')).toBe(false); // large bounded repeats count as loops
    expect(isTriviallyBounded('(?<q>["\'])\\k<q>.*')).toBe(false); // backreference
    // Where the shortcut says yes, the real checker agrees.
    for (const source of ['relation "(?<table>[^"]+)" does not exist', 'exited with code (?<status>\\d{1,3})', 'panic: (?:runtime error: )?.*']) {
      expect(isTriviallyBounded(source)).toBe(true);
      const { check } = await import('recheck');
      const diagnostics = await check(source, 'i');
      const degree = diagnostics.status === 'vulnerable' && diagnostics.complexity.type === 'polynomial' ? diagnostics.complexity.degree : 0;
      expect(diagnostics.status === 'safe' || degree <= 2, source).toBe(true);
    }
  });
});
