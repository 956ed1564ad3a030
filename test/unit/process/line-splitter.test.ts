import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../process/line-splitter.js';

describe('LineSplitter', () => {
  it('emits complete lines and keeps the unfinished rest for the next chunk', () => {
    const splitter = new LineSplitter(1000);
    expect(splitter.push('one\ntw')).toEqual(['one']);
    expect(splitter.push('o\nthree')).toEqual(['two']);
    expect(splitter.flush()).toBe('three');
    expect(splitter.flush()).toBeUndefined();
  });

  it('strips CRLF, also when the chunk ends between \\r and \\n', () => {
    const splitter = new LineSplitter(1000);
    expect(splitter.push('a\r\nb\r')).toEqual(['a']);
    expect(splitter.push('\nc\r\n')).toEqual(['b', 'c']);
    expect(splitter.flush()).toBeUndefined();
  });

  it('keeps empty lines and a \\r inside a line', () => {
    const splitter = new LineSplitter(1000);
    expect(splitter.push('\n\nprogress 10%\rprogress 20%\n')).toEqual(['', '', 'progress 10%\rprogress 20%']);
  });

  it('a last line without newline (and a lone trailing \\r) is flushed', () => {
    const splitter = new LineSplitter(1000);
    expect(splitter.push('done\r')).toEqual([]);
    expect(splitter.flush()).toBe('done');
  });

  it('cuts a line that never ends so memory stays bounded', () => {
    const splitter = new LineSplitter(4);
    expect(splitter.push('abcdefghij')).toEqual(['abcd', 'efgh']);
    expect(splitter.push('kl\nmnopqr\n')).toEqual(['ijkl', 'mnop', 'qr']);
  });

  it('never cuts between the two halves of a surrogate pair', () => {
    const splitter = new LineSplitter(4);
    const lines = splitter.push('abc😀def\n');
    expect(lines.join('')).toBe('abc😀def');
    expect(lines.every((line) => !line.includes('\uFFFD') && line.length <= 4)).toBe(true);
    expect(lines[0]).toBe('abc');
  });
});
