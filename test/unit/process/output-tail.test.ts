import { describe, expect, it } from 'vitest';
import { OutputTail } from '../../../process/output-tail.js';

describe('OutputTail', () => {
  it('keeps everything while under the bound', () => {
    const tail = new OutputTail(100);
    tail.append('hello ');
    tail.append('world');
    expect(tail.toString()).toBe('hello world');
  });

  it('keeps exactly the last maxBytes bytes when they fall on character boundaries', () => {
    const tail = new OutputTail(10);
    for (let n = 0; n < 100; n += 1) tail.append(`${n % 10}`);
    expect(tail.toString()).toBe('0123456789');
    tail.append('abcdefghijklmnop');
    expect(tail.toString()).toBe('ghijklmnop');
  });

  it('never starts inside a multi-byte character and never exceeds the bound', () => {
    const tail = new OutputTail(5);
    tail.append('€€€'); // 3 bytes each
    const kept = tail.toString();
    expect(kept).toBe('€');
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(5);
  });

  it('holds no more than the bound whatever is appended', () => {
    const tail = new OutputTail(1024);
    for (let n = 0; n < 10_000; n += 1) tail.append(`line ${n} ${'é'.repeat(n % 50)}\n`);
    const kept = tail.toString();
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(1024);
    expect(kept.endsWith(`line 9999 ${'é'.repeat(9999 % 50)}\n`)).toBe(true);
    expect(kept).not.toContain('\uFFFD');
  });

  it('keeps nothing with a bound of 0', () => {
    const tail = new OutputTail(0);
    tail.append('anything');
    expect(tail.toString()).toBe('');
  });
});
