import { describe, expect, it } from 'vitest';
import { DEFAULT_KILL_GRACE_MS, DEFAULT_MAX_BUFFER_BYTES, normalizeRunOptions } from '../../../process/normalize-run-options.js';
import type { RunProcessOptions } from '../../../process/types.js';

const base: RunProcessOptions = { command: ['true'], cwd: '/tmp' };

describe('normalizeRunOptions', () => {
  it('fills in the kill grace and the tail bound', () => {
    expect(normalizeRunOptions(base)).toMatchObject({ killGraceMs: DEFAULT_KILL_GRACE_MS, maxBufferBytes: DEFAULT_MAX_BUFFER_BYTES });
    expect(DEFAULT_KILL_GRACE_MS).toBe(5_000);
    expect(DEFAULT_MAX_BUFFER_BYTES).toBe(65_536);
    expect(normalizeRunOptions({ ...base, killGraceMs: 0, maxBufferBytes: 10 })).toMatchObject({ killGraceMs: 0, maxBufferBytes: 10 });
  });

  it.each([
    [{ command: '  ' }, 'option "command" must be a non-empty shell line, got "  " (string)'],
    [{ command: ['', 'x'] }, 'option "command" must be a shell line or a non-empty array of strings (program first), got ["","x"] (array)'],
    [{ cwd: '' }, 'option "cwd" must be a directory path, got "" (string)'],
    [{ env: { A: 1 } }, 'option "env" must be an object of string values, got [object Object] (object)'],
    [{ timeoutMs: 0 }, 'option "timeoutMs" must be a positive number of milliseconds, got 0 (number)'],
    [{ timeoutMs: '30s' }, 'option "timeoutMs" must be a positive number of milliseconds, got "30s" (string)'],
    [{ killGraceMs: Number.NaN }, 'option "killGraceMs" must be a non-negative number of milliseconds, got NaN (number)'],
    [{ maxBufferBytes: 1.5 }, 'option "maxBufferBytes" must be a non-negative integer, got 1.5 (number)'],
    [{ onLine: 'x' }, 'option "onLine" must be a function, got "x" (string)'],
    [{ logFile: '' }, 'option "logFile" must be a file path, got "" (string)'],
  ])('rejects %j', (override, message) => {
    expect(() => normalizeRunOptions({ ...base, ...override } as unknown as RunProcessOptions)).toThrow(`runProcess: ${message}`);
  });

  it('clamps timers to what setTimeout can wait (24.8 days); Infinity means no timeout', () => {
    expect(normalizeRunOptions({ ...base, timeoutMs: 2 ** 40, killGraceMs: 2 ** 40 })).toMatchObject({
      timeoutMs: 2 ** 31 - 1,
      killGraceMs: 2 ** 31 - 1,
    });
    expect(normalizeRunOptions({ ...base, timeoutMs: Number.POSITIVE_INFINITY }).timeoutMs).toBeUndefined();
  });

  it('throws a typed error', () => {
    expect(() => normalizeRunOptions({ ...base, timeoutMs: -1 })).toThrow(expect.objectContaining({ code: 'E_PROCESS' }));
  });
});
