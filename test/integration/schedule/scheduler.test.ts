/**
 * The scheduler on a per-second cron with real timers and a real SQLite ledger: runs start on
 * the ticks, never two at once (the ticks during a run are recorded as skipped), a run going on
 * elsewhere skips a tick too, and catch-up runs once on start only when the ledger's last
 * scheduled run is older than the expression's previous time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scheduleLedgerHooks } from '../../../cli/schedule/ledger-schedule.js';
import { sleep } from '../../../core/sleep.js';
import { openHistoryStore } from '../../../history/store/open-store.js';
import type { HistoryStore } from '../../../history/store/history-store.js';
import { startScheduler } from '../../../schedule/scheduler.js';
import type { Scheduler, ScheduleTick } from '../../../schedule/scheduler.js';

let dir: string;
let store: HistoryStore;
let scheduler: Scheduler | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etl-cycle-schedule-'));
  const path = join(dir, 'history.db');
  store = await openHistoryStore({ flavour: 'sqlite', path, display: path });
});
afterEach(async () => {
  scheduler?.stop();
  scheduler = undefined;
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('startScheduler', () => {
  it('per-second cron: a run of 2.5 s makes the ticks during it skipped, never two runs at once, all in the ledger', async () => {
    const hooks = scheduleLedgerHooks(store, 'shop');
    let running = 0;
    let most = 0;
    const runs: ScheduleTick[] = [];
    scheduler = startScheduler({
      cron: '* * * * * *',
      timezone: 'UTC',
      catchUp: false,
      lastTickAt: hooks.lastTickAt,
      isRunning: () => false,
      startRun: async (tick) => {
        runs.push(tick);
        running += 1;
        most = Math.max(most, running);
        await hooks.recordTick(tick, 'started', { executionId: `run-${runs.length}` });
        await sleep(2_500);
        running -= 1;
      },
      onSkipped: (tick, reason) => hooks.recordTick(tick, 'skipped', { reason }),
    });
    await sleep(4_200);
    scheduler.stop();
    await sleep(1_500);

    expect(most).toBe(1);
    const ticks = (await store.scheduleTicks('shop')).reverse();
    const started = ticks.filter((t) => t.outcome === 'started');
    const skipped = ticks.filter((t) => t.outcome === 'skipped');
    expect(started.length).toBeGreaterThanOrEqual(1);
    expect(started.length).toBeLessThanOrEqual(2);
    expect(skipped.length).toBeGreaterThanOrEqual(1);
    expect(skipped[0]!.reason).toContain('still going on');
    // Ticks are whole seconds (the times the expression named), in order.
    for (const tick of ticks) expect(tick.scheduledAt % 1000).toBe(0);
    expect(ticks.map((t) => t.scheduledAt)).toEqual([...ticks.map((t) => t.scheduledAt)].sort((a, b) => a - b));
    expect(started[0]!.executionId).toBe('run-1');
    // Skipped ticks were handled, not missed: catch-up counts from the newest of all.
    expect(await hooks.lastTickAt()).toBe(Math.max(...ticks.map((t) => t.scheduledAt)));
  });

  it('a run going on elsewhere (the API, another process) skips the tick', async () => {
    const skipped: string[] = [];
    let started = 0;
    scheduler = startScheduler({
      cron: '* * * * * *',
      catchUp: false,
      lastTickAt: async () => undefined,
      isRunning: () => true,
      startRun: async () => {
        started += 1;
      },
      onSkipped: (_tick, reason) => {
        skipped.push(reason);
      },
    });
    await sleep(1_300);
    expect(started).toBe(0);
    expect(skipped[0]).toBe('a run is going on');
  });

  it('catch-up: runs once on start when the ledger says the last scheduled time was missed; not otherwise', async () => {
    const hooks = scheduleLedgerHooks(store, 'shop');
    // Daily at 02:00 Berlin; the last scheduled run recorded three days ago.
    const now = new Date('2026-12-03T17:00:00Z');
    const threeDaysAgo: ScheduleTick = {
      scheduledAt: new Date('2026-11-30T01:00:00Z'),
      firedAt: new Date('2026-11-30T01:00:00Z'),
      catchUp: false,
    };
    await hooks.recordTick(threeDaysAgo, 'started');
    const start = (catchUp: boolean) => {
      const ticks: ScheduleTick[] = [];
      const s = startScheduler({
        cron: '0 2 * * *',
        timezone: 'Europe/Berlin',
        catchUp,
        lastTickAt: hooks.lastTickAt,
        isRunning: () => false,
        startRun: async (tick) => {
          ticks.push(tick);
          await hooks.recordTick(tick, 'caught_up');
        },
        onSkipped: () => undefined,
        now: () => now,
      });
      return { s, ticks };
    };

    const off = start(false);
    await off.s.ready;
    off.s.stop();
    expect(off.ticks).toEqual([]);

    const on = start(true);
    await on.s.ready;
    await sleep(50);
    on.s.stop();
    expect(on.ticks).toHaveLength(1);
    // 02:00 in Berlin (UTC+1 in December) is 01:00 UTC.
    expect(on.ticks[0]).toMatchObject({ scheduledAt: new Date('2026-12-03T01:00:00Z'), catchUp: true });
    expect(on.s.nextRun()).toEqual(null); // stopped

    // The catch-up is now the last scheduled run: a second start does not run again.
    const again = start(true);
    await again.s.ready;
    again.s.stop();
    expect(again.ticks).toEqual([]);

    // A tick skipped because a run was going on was not missed while down either.
    const nextDay = new Date('2026-12-04T17:00:00Z');
    await hooks.recordTick(
      { scheduledAt: new Date('2026-12-04T01:00:00Z'), firedAt: new Date('2026-12-04T01:00:00Z'), catchUp: false },
      'skipped',
      {
        reason: 'a run is going on',
      },
    );
    const afterSkip: ScheduleTick[] = [];
    const s = startScheduler({
      cron: '0 2 * * *',
      timezone: 'Europe/Berlin',
      catchUp: true,
      lastTickAt: hooks.lastTickAt,
      isRunning: () => false,
      startRun: async (tick) => {
        afterSkip.push(tick);
      },
      onSkipped: () => undefined,
      now: () => nextDay,
    });
    await s.ready;
    s.stop();
    expect(afterSkip).toEqual([]);
  });

  it('catch-up: a ledger without any scheduled run is a first start, not a miss', async () => {
    const ticks: ScheduleTick[] = [];
    scheduler = startScheduler({
      cron: '0 2 * * *',
      catchUp: true,
      lastTickAt: () => store.lastScheduledRun('shop'),
      isRunning: () => false,
      startRun: async (tick) => {
        ticks.push(tick);
      },
      onSkipped: () => undefined,
    });
    await scheduler.ready;
    expect(ticks).toEqual([]);
    expect(scheduler.nextRun()!.getTime()).toBeGreaterThan(Date.now());
  });
});
