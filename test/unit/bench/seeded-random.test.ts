import { describe, expect, it } from 'vitest';
import { createRandom, randomInt, shuffled } from '../../../bench/support/seeded-random.js';

describe('seeded random', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
    for (const v of seqA) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
  });

  it('draws integers within both bounds, reaching each', () => {
    const random = createRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i += 1) seen.add(randomInt(random, 10, 14));
    expect([...seen].sort()).toEqual([10, 11, 12, 13, 14]);
  });

  it('shuffles a copy into a permutation, reproducibly', () => {
    const items = ['etl-cycle', 'compose', 'predecessor', 'x', 'y'];
    const once = shuffled(items, createRandom(3));
    expect(shuffled(items, createRandom(3))).toEqual(once);
    expect([...once].sort()).toEqual([...items].sort());
    expect(items).toEqual(['etl-cycle', 'compose', 'predecessor', 'x', 'y']);
    const orders = new Set(Array.from({ length: 20 }, (_, seed) => shuffled(items, createRandom(seed)).join()));
    expect(orders.size).toBeGreaterThan(1);
  });
});
