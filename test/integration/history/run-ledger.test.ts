/**
 * The run's ledger writer on a real SQLite file: a run recorded as it goes (with the built-in
 * orchestrator's reports read from a real logs folder), a crash recorded as failed, and a store
 * that breaks mid-run costing exactly one warning.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CycleRecord, RunReport } from '../../../agent/report.js';
import { RunLedger } from '../../../session/run-ledger.js';
import { newExecutionId } from '../../../core/execution-id.js';
import { silentLogger } from '../../../core/logger.js';
import { openHistoryStore } from '../../../history/store/open-store.js';
import type { HistoryStore } from '../../../history/store/history-store.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function setup(): Promise<{ dir: string; store: HistoryStore }> {
  const dir = await mkdtemp(join(tmpdir(), 'etl-cycle-ledger-'));
  dirs.push(dir);
  const path = join(dir, '.etl-cycle', 'history.db');
  return { dir, store: await openHistoryStore({ flavour: 'sqlite', path, display: path }) };
}

function cycle(iteration: number, success: boolean, at: Date): CycleRecord {
  return {
    iteration,
    status: success ? 'success' : 'failed',
    success,
    start_time: at.toISOString(),
    end_time: new Date(at.getTime() + 3_000).toISOString(),
    duration_seconds: 3,
    errors_count: success ? 0 : 1,
    errors: [],
    adjustments_count: 0,
    adjustments: [],
    adjustment_details: success ? [] : [{ kind: 'retry' }],
    failed_phase: success ? null : 'orchestrate',
    primary_class: success ? null : 'connection_refused',
    failed_task: success ? null : 'load',
    classes: [],
    matches: success
      ? []
      : [{ class: 'connection_refused', pattern: 'p', source: 'orchestrator', line: 2, text: '[load] connection refused', captures: {} }],
    orchestrator_exit_code: success ? 0 : 1,
    orchestrator_timed_out: false,
    phases: { snapshot: 0.001, cleanup: 0, rebuild: 0, orchestrate: 2.9, ...(success ? { validate: 0.01 } : { backoff: 0.5 }) },
    git_snapshot: { status: 'skipped', sha: null, ref: null, message: null },
    logs: { orchestrator: null },
    plan: {
      readiness: {},
      orchestrator_timeout_seconds: 1800,
      step_timeout_factor: 1,
      max_workers: null,
      recreated_volumes: false,
      removed_orphans: false,
      memory_overrides: {},
      rebuild: 'converge',
      resume_from: null,
    },
    rebuild: { services: [], removed: [] },
    orchestration: null,
    services: [],
    containers: [],
    validations: [],
    cleanup: { removed: 0, orphans_kept: [] },
    diagnosis: null,
  };
}

function ledgerFor(store: HistoryStore, executionId: string, logsDir: string, warnings: string[]) {
  return new RunLedger({
    store,
    lock: undefined,
    executionId,
    project: 'shop',
    orchestrationLogsDirs: [logsDir],
    retentionMs: undefined,
    warn: (message) => warnings.push(message),
    logger: silentLogger(),
  });
}

const start = (id: string) => ({
  id,
  project: 'shop',
  trigger: 'manual' as const,
  startedAt: Date.now(),
  maxIterations: 3,
  gitSha: null,
  gitBranch: null,
  host: 'h',
  pid: process.pid,
  version: '0',
  configHash: null,
  reportFile: null,
});

describe('RunLedger', () => {
  it('records a run as it goes, with the task runs of its own orchestrations only', async () => {
    const { dir, store } = await setup();
    const logsDir = join(dir, 'logs');
    const t0 = new Date();
    const id = newExecutionId(t0);
    const warnings: string[] = [];
    const ledger = ledgerFor(store, id, logsDir, warnings);
    ledger.start(start(id));
    // What the built-in orchestrator leaves: one report per iteration, plus one of another run.
    await mkdir(join(logsDir, 'orchestrations'), { recursive: true });
    // Each starts a moment after its iteration (iteration 2 starts at t0 + 4 s).
    const orchestration = (n: number, parent: string, status: string) => ({
      execution_id: newExecutionId(new Date(t0.getTime() + (n === 1 ? 500 : 4_500))),
      parent_execution_id: parent,
      iteration: n,
      start_time: new Date(t0.getTime() + (n === 1 ? 500 : 4_500)).toISOString(),
      tasks: {
        load: {
          task_id: 'load',
          status,
          attempts: 1,
          start_time: t0.toISOString(),
          duration: 1.5,
          error: status === 'failed' ? 'exit code 2' : null,
        },
      },
    });
    for (const o of [
      orchestration(1, id, 'failed'),
      orchestration(2, id, 'succeeded'),
      orchestration(1, '20990101_000000_othr', 'failed'),
    ]) {
      await writeFile(join(logsDir, 'orchestrations', `${o.execution_id}.json`), JSON.stringify(o));
    }
    ledger.iteration(cycle(1, false, t0));
    ledger.orchestratorStarted(4321);
    ledger.iteration(cycle(2, true, new Date(t0.getTime() + 4_000)));
    const report = {
      stop_reason: 'success',
      start_time: t0.toISOString(),
      end_time: new Date(t0.getTime() + 8_000).toISOString(),
      total_duration_seconds: 8,
      time_to_green_seconds: 8,
      iterations_executed: 2,
      overall_success: true,
      diagnosis: null,
      cycles: [cycle(1, false, t0), cycle(2, true, t0)],
    } as unknown as RunReport;
    ledger.finish(report);
    await ledger.flush();
    expect(warnings).toEqual([]);
    expect(ledger.entryId).toBe(id);
    const detail = (await store.get('shop', id))!;
    expect(detail).toMatchObject({
      state: 'success',
      iterations: 2,
      timeToGreenMs: 8_000,
      orchestratorPgid: 4321,
      mainClass: 'connection_refused',
    });
    expect(detail.iterationRows.map((r) => r.tasks.map((t) => `${t.taskId}:${t.status}:${t.exitCode}`))).toEqual([
      ['load:failed:2'],
      ['load:succeeded:null'],
    ]);
    expect(detail.iterationRows[0]!.phases.backoff).toBe(500);
    await store.close();
  });

  it('a run that ended without a report is recorded failed with its error', async () => {
    const { dir, store } = await setup();
    const id = newExecutionId();
    const ledger = ledgerFor(store, id, join(dir, 'logs'), []);
    const started = Date.now();
    ledger.start(start(id));
    ledger.crashed('no Docker engine answers at /var/run/docker.sock', started);
    await ledger.flush();
    expect(await store.get('shop', id)).toMatchObject({
      state: 'failed',
      stopReason: 'error',
      diagnosis: 'no Docker engine answers at /var/run/docker.sock',
    });
    await store.close();
  });

  it('applies history.retention after the run: older executions go, this one stays', async () => {
    const { store } = await setup();
    const old = start(newExecutionId(new Date(Date.now() - 100 * 86_400_000)));
    await store.startExecution({ ...old, startedAt: Date.now() - 100 * 86_400_000 });
    await store.markInterrupted([old.id], () => Date.now() - 100 * 86_400_000, 'long ago');
    const id = newExecutionId();
    const ledger = new RunLedger({
      store,
      lock: undefined,
      executionId: id,
      project: 'shop',
      orchestrationLogsDirs: [],
      retentionMs: 90 * 86_400_000,
      warn: (message) => {
        throw new Error(message);
      },
      logger: silentLogger(),
    });
    ledger.start(start(id));
    ledger.finish({
      stop_reason: 'success',
      start_time: new Date().toISOString(),
      end_time: new Date().toISOString(),
      total_duration_seconds: 1,
      time_to_green_seconds: 1,
      iterations_executed: 0,
      overall_success: true,
      diagnosis: null,
      cycles: [],
    } as unknown as RunReport);
    await ledger.flush();
    expect((await store.list({ project: 'shop', limit: 10 })).map((e) => e.id)).toEqual([id]);
    await store.close();
  });

  it('a store that breaks mid-run costs one warning naming it, and nothing else', async () => {
    const { dir, store } = await setup();
    const id = newExecutionId();
    const warnings: string[] = [];
    const ledger = ledgerFor(store, id, join(dir, 'logs'), warnings);
    ledger.start(start(id));
    await ledger.flush();
    await store.close();
    ledger.iteration(cycle(1, false, new Date()));
    ledger.iteration(cycle(2, false, new Date()));
    ledger.crashed('boom', Date.now());
    await ledger.flush();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(`^history store ${store.display.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot record iteration 1 of execution ${id}`),
    );
    expect(ledger.failure).toBeDefined();
  });
});
