import { describe, expect, it } from 'vitest';
import type { LedgerSnapshot } from '../../../metrics/ledger-snapshot.js';
import { SnapshotCache } from '../../../serve/snapshot-cache.js';

function snapshot(takenAt: number, running: number): LedgerSnapshot {
  return {
    project: 'p',
    takenAt,
    byState: { running, success: 0, failed: 0, aborted: 0, interrupted: 0 },
    running: [],
    lastFinished: null,
    lastSuccess: null,
    greenDurationsMs: new Map(),
    greenIterations: new Map(),
    failuresByClass: [],
    gaps: 0,
    revision: String(running),
  };
}

describe('SnapshotCache', () => {
  it('reads once per period, answers a slightly old snapshot while reading, waits for a much older one', async () => {
    let now = 1000;
    let reads = 0;
    const cache = new SnapshotCache(
      async () => snapshot(now, ++reads),
      1000,
      () => now,
    );
    expect((await cache.get()).snapshot.byState.running).toBe(1);
    now += 500;
    expect((await Promise.all([cache.get(), cache.get()])).map((c) => c.snapshot.byState.running)).toEqual([1, 1]);
    expect(reads).toBe(1);
    now += 1000; // 1.5 periods old: answered, and a read starts
    expect((await cache.get()).snapshot.byState.running).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reads).toBe(2);
    expect((await cache.get()).snapshot.byState.running).toBe(2);
    now += 10_000; // long idle: the request waits for a fresh read
    expect((await cache.get()).snapshot.byState.running).toBe(3);
    cache.invalidate();
    expect((await cache.get()).snapshot.byState.running).toBe(4);
  });
});
