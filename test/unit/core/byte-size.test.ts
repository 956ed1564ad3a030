import { describe, expect, it } from 'vitest';
import { formatByteSize, parseByteSize } from '../../../core/byte-size.js';

describe('parseByteSize', () => {
  it('reads Docker sizes in powers of 1024, whatever the spelling of the unit', () => {
    expect(parseByteSize('512m')).toBe(512 * 1024 ** 2);
    expect(parseByteSize('1g')).toBe(1024 ** 3);
    expect(parseByteSize('1.5gb')).toBe(1.5 * 1024 ** 3);
    expect(parseByteSize('2GiB')).toBe(2 * 1024 ** 3);
    expect(parseByteSize('100MiB')).toBe(100 * 1024 ** 2);
    expect(parseByteSize('64k')).toBe(65536);
    expect(parseByteSize('1t')).toBe(1024 ** 4);
    expect(parseByteSize('1073741824')).toBe(1073741824);
    expect(parseByteSize(1073741824)).toBe(1073741824);
    expect(parseByteSize('100b')).toBe(100);
    expect(parseByteSize(' 256 MB ')).toBe(256 * 1024 ** 2);
  });

  it('returns undefined for what is not a size', () => {
    for (const bad of ['lots', '1x', '-1g', '1.5.5g', '', 'g', '1e3', '0x10', '99999999999999999999p']) {
      expect(parseByteSize(bad), bad).toBeUndefined();
    }
    expect(parseByteSize(1.5)).toBeUndefined();
    expect(parseByteSize(-1)).toBeUndefined();
    expect(parseByteSize(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});

describe('formatByteSize', () => {
  it('says binary units as binary units', () => {
    expect(formatByteSize(100 * 1024 ** 2)).toBe('100 MiB');
    expect(formatByteSize(1.5 * 1024 ** 3)).toBe('1.5 GiB');
    expect(formatByteSize(512)).toBe('512 B');
  });
});
