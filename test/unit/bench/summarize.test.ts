import { describe, expect, it } from 'vitest';
import { summarize } from '../../../bench/support/summarize.js';

describe('summarize', () => {
  it('gives the middle value of an odd sample and its range', () => {
    expect(summarize([9, 1, 4])).toEqual({ median: 4, min: 1, max: 9, count: 3 });
  });

  it('averages the two middle values of an even sample', () => {
    expect(summarize([10, 2, 4, 8])).toEqual({ median: 6, min: 2, max: 10, count: 4 });
  });

  it('ignores NaN and has nothing to say about an empty sample', () => {
    expect(summarize([Number.NaN, 3])).toEqual({ median: 3, min: 3, max: 3, count: 1 });
    expect(summarize([])).toBeUndefined();
    expect(summarize([Number.NaN])).toBeUndefined();
  });

  it("does not reorder the caller's array", () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
