/**
 * What every history store must do, whatever it is kept in: the same tests run on a real
 * SQLite file (sqlite-store.test.ts) and a real PostgreSQL (postgres-store.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { HistoryStoreError } from '../../../core/errors.js';
import { newExecutionId } from '../../../core/execution-id.js';
import { computeStats } from '../../../history/stats.js';
import type { HistoryStore } from '../../../history/store/history-store.js';
import { LATEST_SCHEMA } from '../../../history/store/migrations.js';
import type { ExecutionEnd, ExecutionStart, IterationRow, TaskRunRow } from '../../../history/types.js';

export interface StoreFixture {
  /** A fresh, empty store (a new file, a new database schema). */
  open(): Promise<HistoryStore>;
  /** Opens the same store again (a second connection). */
  reopen(store: HistoryStore): Promise<HistoryStore>;
  /** Runs raw SQL on the store (for faults a test arranges). */
  exec(store: HistoryStore, sql: string): Promise<void>;
}

let clock = Date.parse('2026-06-01T00:00:00.000Z');
function nextId(): { id: string; at: number } {
  clock += 60_000;
  return { id: newExecutionId(new Date(clock)), at: clock };
}

export function start(project: string, overrides: Partial<ExecutionStart> = {}): ExecutionStart {
  const { id, at } = nextId();
  return {
    id,
    project,
    trigger: 'ci',
    startedAt: at,
    maxIterations: 5,
    gitSha: 'abc1234def',
    gitBranch: 'main',
    host: 'runner-1',
    pid: 4242,
    version: '0.1.0',
    configHash: '0123456789ab',
    reportFile: `/w/logs/auto_cycle_report_${id}.json`,
    ...overrides,
  };
}

export function iteration(n: number, at: number, overrides: Partial<IterationRow> = {}): IterationRow {
  return {
    iteration: n,
    state: 'failed',
    startedAt: at,
    endedAt: at + 10_000,
    durationMs: 10_000,
    failedPhase: 'rebuild',
    primaryClass: 'connection_refused',
    failedTask: null,
    phases: { snapshot: 5, cleanup: 100, rebuild: 9_895, orchestrate: null, validate: null, backoff: null },
    orchestratorExitCode: null,
    orchestratorTimedOut: false,
    adjustments: [{ kind: 'raise_readiness_timeout', description: 'raise the readiness deadline of db from 2.0s to 4.0s' }],
    plan: { readiness: { db: { timeout_seconds: 2 } } },
    diagnosis: null,
    matches: [
      {
        class: 'connection_refused',
        pattern: 'network.connection_refused',
        source: 'readiness',
        line: 1,
        text: "db: connection refused (it's fine)",
      },
    ],
    services: [{ service: 'db', ready: false, readyAfterMs: null }],
    tasks: [],
    ...overrides,
  };
}

export function task(id: string, overrides: Partial<TaskRunRow> = {}): TaskRunRow {
  return {
    taskId: id,
    orchestrationId: '20260601_000000_orch',
    status: 'succeeded',
    attempts: 1,
    startedAt: clock,
    durationMs: 1_000,
    exitCode: null,
    error: null,
    rowsRead: null,
    rowsWritten: null,
    rowsRejected: null,
    ...overrides,
  };
}

function end(overrides: Partial<ExecutionEnd>): ExecutionEnd {
  return {
    state: 'success',
    stopReason: 'success',
    endedAt: clock + 30_000,
    durationMs: 30_000,
    timeToGreenMs: 30_000,
    iterations: 1,
    mainClass: null,
    diagnosis: null,
    backoffMs: {},
    ...overrides,
  };
}

/** A green run after one failed iteration, with readiness and task runs. */
async function greenAfterRetry(store: HistoryStore, project: string, readyMs: number, loadMs: number): Promise<string> {
  const s = start(project);
  await store.startExecution(s);
  await store.recordIteration(s.id, iteration(1, s.startedAt));
  await store.recordIteration(
    s.id,
    iteration(2, s.startedAt + 12_000, {
      state: 'success',
      failedPhase: null,
      primaryClass: null,
      matches: [],
      adjustments: [],
      phases: { snapshot: 5, cleanup: 100, rebuild: readyMs + 500, orchestrate: loadMs + 200, validate: 10, backoff: null },
      services: [{ service: 'db', ready: true, readyAfterMs: readyMs }],
      tasks: [task('extract', { durationMs: 150 }), task('load', { durationMs: loadMs, rowsRead: 10, rowsWritten: 9, rowsRejected: 1 })],
    }),
  );
  await store.finishExecution(
    s.id,
    end({ iterations: 2, mainClass: 'connection_refused', backoffMs: { 1: 2_000 }, durationMs: 40_000, timeToGreenMs: 40_000 }),
  );
  return s.id;
}

export function describeStore(name: string, fixture: StoreFixture): void {
  describe(`history store on ${name}`, () => {
    it('records an execution change by change and reads it back whole', async () => {
      const store = await fixture.open();
      try {
        const s = start('shop');
        await store.startExecution(s);
        expect(await store.running('shop')).toMatchObject([{ id: s.id, state: 'running', stopReason: 'running', iterations: 0 }]);
        const id = await greenAfterRetry(store, 'shop', 3_000, 5_000);
        const detail = await store.get('shop', id);
        expect(detail).toMatchObject({
          id,
          state: 'success',
          trigger: 'ci',
          gitSha: 'abc1234def',
          iterations: 2,
          mainClass: 'connection_refused',
          timeToGreenMs: 40_000,
        });
        expect(detail!.iterationRows).toHaveLength(2);
        expect(detail!.iterationRows[0]).toMatchObject({
          state: 'failed',
          phases: { backoff: 2_000, rebuild: 9_895 },
          matches: [{ class: 'connection_refused', source: 'readiness', line: 1, text: "db: connection refused (it's fine)" }],
          adjustments: [{ kind: 'raise_readiness_timeout' }],
        });
        expect(detail!.iterationRows[1]!.tasks).toEqual([
          expect.objectContaining({ taskId: 'extract', durationMs: 150 }),
          expect.objectContaining({ taskId: 'load', durationMs: 5_000, rowsRead: 10, rowsWritten: 9, rowsRejected: 1 }),
        ]);
        expect((await store.get('shop', 'latest'))!.id).toBe(id);
        expect(await store.get('shop', '20990101_000000_none')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('lists newest first, by state and time window, one project at a time', async () => {
      const store = await fixture.open();
      try {
        const ids: string[] = [];
        for (const state of ['success', 'failed', 'success'] as const) {
          const s = start('shop');
          ids.push(s.id);
          await store.startExecution(s);
          await store.finishExecution(s.id, end({ state, stopReason: state === 'success' ? 'success' : 'max_iterations' }));
        }
        await store.startExecution(start('other'));
        expect((await store.list({ project: 'shop', limit: 10 })).map((e) => e.id)).toEqual([...ids].reverse());
        expect((await store.list({ project: 'shop', limit: 10, state: 'failed' })).map((e) => e.id)).toEqual([ids[1]]);
        expect((await store.list({ project: 'shop', limit: 2 })).map((e) => e.id)).toEqual([ids[2], ids[1]]);
        const since = (await store.get('shop', ids[1]!))!.startedAt;
        expect((await store.list({ project: 'shop', limit: 10, since })).map((e) => e.id)).toEqual([ids[2], ids[1]]);
        expect(await store.count('other')).toBe(1);
      } finally {
        await store.close();
      }
    });

    it('statistics: states, time and iterations to green, classes, tasks', async () => {
      const store = await fixture.open();
      try {
        await greenAfterRetry(store, 'shop', 3_000, 5_000);
        await greenAfterRetry(store, 'shop', 4_000, 7_000);
        const failed = start('shop');
        await store.startExecution(failed);
        await store.recordIteration(
          failed.id,
          iteration(1, failed.startedAt, {
            primaryClass: 'oom',
            tasks: [task('load', { status: 'failed', error: 'exit code 137', exitCode: 137 })],
          }),
        );
        await store.finishExecution(
          failed.id,
          end({ state: 'failed', stopReason: 'non_retryable', timeToGreenMs: null, mainClass: 'oom' }),
        );
        const stats = computeStats(await store.statsInput('shop', undefined));
        expect(stats.byState).toMatchObject({ success: 2, failed: 1 });
        expect(stats.successRate).toBeCloseTo(2 / 3, 10);
        expect(stats.timeToGreenMs.count).toBe(2);
        expect(Math.abs(stats.timeToGreenMs.median! - 40_000) / 40_000).toBeLessThan(0.01);
        expect(stats.flakiness).toBe(1);
        expect(stats.topClasses).toEqual([
          { class: 'connection_refused', iterations: 2, executions: 2 },
          { class: 'oom', iterations: 1, executions: 1 },
        ]);
        expect(stats.tasks).toEqual([
          expect.objectContaining({ taskId: 'extract', runs: 2, failures: 0 }),
          expect.objectContaining({ taskId: 'load', runs: 3, failures: 1 }),
        ]);
        expect(stats.tasks[1]!.durationMs.count).toBe(2);
        expect(Math.abs(stats.tasks[1]!.durationMs.p95! - 6_900) / 6_900).toBeLessThan(0.01);
        expect(computeStats(await store.statsInput('shop', Date.parse('2099-01-01'))).executions).toBe(0);
      } finally {
        await store.close();
      }
    });

    it('a window that starts mid-day counts that day from its start on (the rest of the day is not in it)', async () => {
      const store = await fixture.open();
      try {
        const day = Date.parse('2026-09-10T00:00:00.000Z');
        const at = (hours: number) => newExecutionId(new Date(day + hours * 3_600_000));
        for (const [hours, state] of [
          [1, 'failed'],
          [13, 'success'],
          [29, 'success'],
        ] as const) {
          const s = start('shop', { id: at(hours), startedAt: day + hours * 3_600_000 });
          await store.startExecution(s);
          await store.finishExecution(s.id, end({ state, stopReason: state, timeToGreenMs: state === 'success' ? 1_000 : null }));
        }
        const all = computeStats(await store.statsInput('shop', undefined));
        expect(all.byState).toMatchObject({ success: 2, failed: 1 });
        const fromNoon = computeStats(await store.statsInput('shop', day + 12 * 3_600_000));
        expect(fromNoon.byState).toMatchObject({ success: 2, failed: 0 });
        const nextDay = computeStats(await store.statsInput('shop', day + 24 * 3_600_000));
        expect(nextDay.executions).toBe(1);
      } finally {
        await store.close();
      }
    });

    it('learning reads only the iteration that went green of the newest green runs', async () => {
      const store = await fixture.open();
      try {
        for (const ready of [1_000, 2_000, 3_000]) await greenAfterRetry(store, 'shop', ready, ready * 2);
        const input = await store.learningInput('shop', 2);
        expect(input.greenRuns).toBe(2);
        expect(input.readinessMs.db!.sort()).toEqual([2_000, 3_000]);
        expect(input.taskMs.load!.sort((a, b) => a - b)).toEqual([4_000, 6_000]);
        expect(input.orchestrateMs.sort((a, b) => a - b)).toEqual([4_200, 6_200]);
      } finally {
        await store.close();
      }
    });

    it('marks only running executions interrupted, ending when last seen', async () => {
      const store = await fixture.open();
      try {
        const dead = start('shop');
        await store.startExecution(dead);
        const done = await greenAfterRetry(store, 'shop', 1_000, 1_000);
        const changed = await store.markInterrupted([dead.id, done], () => dead.startedAt + 5_000, 'the agent died');
        expect(changed).toBe(1);
        expect(await store.get('shop', dead.id)).toMatchObject({
          state: 'interrupted',
          stopReason: 'interrupted',
          durationMs: 5_000,
          diagnosis: 'the agent died',
        });
        expect((await store.get('shop', done))!.state).toBe('success');
        expect(await store.running('shop')).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('prunes finished executions older than a cut, with everything under them; never a running one', async () => {
      const store = await fixture.open();
      try {
        const old = await greenAfterRetry(store, 'shop', 1_000, 1_000);
        const running = start('shop');
        await store.startExecution(running);
        const cut = clock + 1;
        const recent = await greenAfterRetry(store, 'shop', 1_000, 1_000);
        expect(await store.prune('shop', cut)).toEqual({ executions: 1, windowRuns: 0 });
        expect(await store.get('shop', old)).toBeUndefined();
        expect((await store.list({ project: 'shop', limit: 10 })).map((e) => e.id)).toEqual([recent, running.id]);
        expect(computeStats(await store.statsInput('shop', undefined)).tasks[0]!.runs).toBe(1);
      } finally {
        await store.close();
      }
    });

    it('prunes the runs of old loaded windows but keeps gaps and the latest window, which the next window follows', async () => {
      const store = await fixture.open();
      try {
        const hour = 3_600_000;
        const windowRun = (startHour: number, state: 'succeeded' | 'failed') => ({
          id: `w-${nextId().id}`,
          project: 'shop',
          workflow: 'hourly',
          start: startHour * hour,
          end: (startHour + 1) * hour,
          mode: 'incremental',
          state,
          executionId: null,
          failureClass: state === 'failed' ? 'connection_refused' : null,
          error: null,
          startedAt: clock,
          endedAt: clock + 1,
        });
        const [healedFailure, healed, gap, latest] = [
          windowRun(1, 'failed'),
          windowRun(1, 'succeeded'),
          windowRun(2, 'failed'),
          windowRun(3, 'succeeded'),
        ];
        for (const row of [healedFailure, healed, gap, latest]) await store.startWindowRun(row);
        expect(await store.prune('shop', clock + 2)).toEqual({ executions: 0, windowRuns: 2 });
        expect((await store.windowRuns('shop')).map((r) => r.id)).toEqual([gap.id, latest.id]);
        expect(await store.prune('shop', clock + 2)).toEqual({ executions: 0, windowRuns: 0 });
      } finally {
        await store.close();
      }
    });

    it('export then import into an empty store gives the same executions; importing twice adds nothing', async () => {
      const source = await fixture.open();
      const target = await fixture.open();
      try {
        await greenAfterRetry(source, 'shop', 1_000, 2_000);
        await greenAfterRetry(source, 'shop', 1_500, 2_500);
        const exported = [];
        for await (const detail of source.exportExecutions('shop')) exported.push(detail);
        expect(exported).toHaveLength(2);
        for (const detail of exported) expect(await target.importExecution(detail)).toBe(true);
        for (const detail of exported) expect(await target.importExecution(detail)).toBe(false);
        const again = [];
        for await (const detail of target.exportExecutions('shop')) again.push(detail);
        expect(again).toEqual(exported);
      } finally {
        await source.close();
        await target.close();
      }
    });

    it('a store written by a newer etl-cycle is refused with one line, untouched', async () => {
      const store = await fixture.open();
      await store.startExecution(start('shop'));
      await fixture.exec(
        store,
        "insert into etl_cycle_migration (name, timestamp) values ('9999_from_the_future', '2099-01-01T00:00:00.000Z')",
      );
      const error = await fixture.reopen(store).then(
        () => undefined,
        (e: unknown) => e,
      );
      await store.close();
      expect(error).toBeInstanceOf(HistoryStoreError);
      expect((error as HistoryStoreError).message).toMatch(
        new RegExp(
          `was written by a newer etl-cycle \\(schema migrations 9999_from_the_future are unknown to this version, which knows ${LATEST_SCHEMA}\\)`,
        ),
      );
      expect((error as HistoryStoreError).message).not.toContain('\n');
    });
  });
}
