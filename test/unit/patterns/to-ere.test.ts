/** The benchmark translates patterns for grep; a wrong translation would make the comparison dishonest. */
import { describe, expect, it } from 'vitest';
import { toExtendedRegex } from '../../../bench/classifier/to-ere.js';
import { toPlainJsRegex } from '../../../bench/classifier/to-plain-js-regex.js';

describe('toExtendedRegex', () => {
  it.each([
    ['relation "(?<table>[^"]+)" does not exist', 'relation "([^"]+)" does not exist'],
    ['(?<host>[\\w.-]+):(?<port>\\d+)', '([[:alnum:]_.-]+):([[:digit:]]+)'],
    ['a\\.b{1,3}?c*?\\s\\S', 'a\\.b{1,3}c*[[:space:]][^[:space:]]'],
    ['[\\]^a-]', '[]a^-]'],
    ['^\\bx(?:y|z)?$', '^\\bx(y|z)?$'],
    ['\\(PID \\d{1,10}\\)', '\\(PID [[:digit:]]{1,10}\\)'],
  ])('%s → %s', (source, ere) => {
    expect(toExtendedRegex(source)).toBe(ere);
  });

  it.each(['(?!retry)x', '(?<=a)b', '(a)\\1', '[\\D]'])('leaves out what ERE cannot say: %s', (source) => {
    expect(toExtendedRegex(source)).toBeUndefined();
  });
});

describe('toPlainJsRegex', () => {
  it('turns named groups into non-capturing ones and keeps everything else', () => {
    const plain = toPlainJsRegex('(?<a>x)(?<=y)(?<b>z(?<c>w))') ?? '';
    expect(plain).toBe('(?:x)(?<=y)(?:z(?:w))');
    expect(new RegExp(`${plain}|${plain}`).test('xzw')).toBe(false); // joinable (no duplicate names); lookbehind kept
    expect(toPlainJsRegex('(?<q>a)\\k<q>')).toBeUndefined();
  });
});
