/**
 * `etl-cycle serve`'s server on a real SQLite ledger and a real port, spoken to with real HTTP
 * requests: health (green, failing, stale), the Prometheus text, the runs API with paging and
 * filters, the token on the API but not on the probes, 400s naming the field, the OpenAPI file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { openHistoryStore } from '../../../history/store/open-store.js';
import type { HistoryStore } from '../../../history/store/history-store.js';
import type { RunLauncher } from '../../../serve/run-launcher.js';
import { buildServer } from '../../../serve/server.js';
import type { ServerOptions } from '../../../serve/server.js';
import { recordLedgerRun } from '../../support/ledger-runs.js';

const PROJECT = 'shop';
const HOUR = 3_600_000;

/** POST/DELETE start real runs only in the e2e test (test/e2e/serve.test.ts); here they must not be reached. */
const unreachableLauncher: RunLauncher = {
  start: () => Promise.reject(new Error('no run may start in this test')),
  cancel: () => Promise.reject(new Error('no run may be cancelled in this test')),
};

let dir: string | undefined;
let store: HistoryStore | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  app = store = dir = undefined;
});

async function start(options: Partial<ServerOptions> = {}): Promise<{ url: string; store: HistoryStore }> {
  dir = await mkdtemp(join(tmpdir(), 'etl-cycle-serve-'));
  store = await openHistoryStore({ flavour: 'sqlite', path: join(dir, 'history.db'), display: 'history.db' });
  app = await buildServer({
    project: PROJECT,
    store,
    maxAgeMs: 24 * HOUR,
    logsDir: join(dir, 'logs'),
    catalog: { tasks: [{ id: 'extract' }], workflows: [{ name: 'nightly' }] },
    launcher: unreachableLauncher,
    version: '0.0.0-test',
    snapshotRefreshMs: 0,
    ...options,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, store };
}

describe('serve: health and metrics', () => {
  it('/health is 503 without runs, 200 after a recent green run, 503 after a failed one; /health/live is always 200', async () => {
    const { url, store } = await start();
    let res = await fetch(`${url}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'no_runs', last_run: null });

    const green = await recordLedgerRun(store, PROJECT, {
      state: 'success',
      startedAt: Date.now() - HOUR,
      durationMs: 90_000,
      iterations: 2,
    });
    res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      last_run: { id: green, state: 'success', duration_seconds: 90, iterations: 2, main_class: 'connection_refused' },
    });

    const failed = await recordLedgerRun(store, PROJECT, {
      state: 'failed',
      startedAt: Date.now() - 1000,
      durationMs: 500,
      mainClass: 'out_of_memory',
    });
    res = await fetch(`${url}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'failing', last_run: { id: failed, state: 'failed', main_class: 'out_of_memory' } });
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  });

  it('/health is 503 when the last green run is older than health.max_age', async () => {
    const { url, store } = await start({ maxAgeMs: HOUR });
    await recordLedgerRun(store, PROJECT, { state: 'success', startedAt: Date.now() - 3 * HOUR });
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'stale', max_age_seconds: 3600 });
  });

  it('/metrics is the Prometheus text of the ledger: counts by state, timestamps, histograms, classes, running', async () => {
    const { url, store } = await start();
    const t0 = Date.now() - 10 * HOUR;
    await recordLedgerRun(store, PROJECT, { state: 'success', startedAt: t0, durationMs: 45_000, iterations: 1 });
    await recordLedgerRun(store, PROJECT, { state: 'failed', startedAt: t0 + HOUR, iterations: 3, mainClass: 'out_of_memory' });
    await recordLedgerRun(store, PROJECT, { state: 'success', startedAt: t0 + 2 * HOUR, durationMs: 400_000, iterations: 2 });
    await recordLedgerRun(store, PROJECT, { state: 'running', startedAt: Date.now() });
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const value = (series: string) =>
      Number(
        text
          .split('\n')
          .find((line) => line.startsWith(`${series} `))
          ?.split(' ')[1],
      );
    expect(value('etl_cycle_runs_total{state="success",project="shop"}')).toBe(2);
    expect(value('etl_cycle_runs_total{state="failed",project="shop"}')).toBe(1);
    expect(value('etl_cycle_running{project="shop"}')).toBe(1);
    expect(value('etl_cycle_gaps{project="shop"}')).toBe(0);
    expect(value('etl_cycle_last_success_timestamp_seconds{project="shop"}')).toBeCloseTo((t0 + 2 * HOUR + 400_000) / 1000, 0);
    expect(value('etl_cycle_last_run_timestamp_seconds{project="shop"}')).toBeCloseTo((t0 + 2 * HOUR + 400_000) / 1000, 0);
    // 45 s and 400 s: one under 60 s, both under 600 s; sum within the ledger's 1 % buckets.
    expect(value('etl_cycle_run_duration_seconds_bucket{le="60",project="shop"}')).toBe(1);
    expect(value('etl_cycle_run_duration_seconds_bucket{le="300",project="shop"}')).toBe(1);
    expect(value('etl_cycle_run_duration_seconds_bucket{le="600",project="shop"}')).toBe(2);
    expect(value('etl_cycle_run_duration_seconds_count{project="shop"}')).toBe(2);
    expect(value('etl_cycle_run_duration_seconds_sum{project="shop"}')).toBeGreaterThan(440);
    expect(value('etl_cycle_run_duration_seconds_sum{project="shop"}')).toBeLessThan(450);
    expect(value('etl_cycle_iterations_bucket{le="1",project="shop"}')).toBe(1);
    expect(value('etl_cycle_iterations_bucket{le="2",project="shop"}')).toBe(2);
    expect(value('etl_cycle_failures_total{class="out_of_memory",project="shop"}')).toBe(3);
  });
});

describe('serve: the runs API', () => {
  it('pages newest first and filters by state, trigger and since; one run by id; 404 for another', async () => {
    const { url, store } = await start();
    const t0 = Date.now() - 50 * HOUR;
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      ids.push(
        await recordLedgerRun(store, PROJECT, {
          state: i % 3 === 0 ? 'failed' : 'success',
          startedAt: t0 + i * 5 * HOUR,
          trigger: i % 2 === 0 ? 'schedule' : 'api',
        }),
      );
    }
    const get = async (path: string) => {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(200);
      return (await res.json()) as { runs: { execution_id: string; state: string; trigger: string }[] };
    };
    const newestFirst = [...ids].reverse();
    expect((await get('/api/runs?limit=3')).runs.map((r) => r.execution_id)).toEqual(newestFirst.slice(0, 3));
    expect((await get('/api/runs?limit=3&offset=3')).runs.map((r) => r.execution_id)).toEqual(newestFirst.slice(3, 6));
    expect((await get('/api/runs?state=failed')).runs.map((r) => r.execution_id)).toEqual([ids[6], ids[3], ids[0]]);
    expect((await get('/api/runs?trigger=api')).runs.map((r) => r.execution_id)).toEqual([ids[5], ids[3], ids[1]]);
    expect((await get('/api/runs?since=26h')).runs.map((r) => r.execution_id)).toEqual([ids[6], ids[5]]);

    const one = await fetch(`${url}/api/runs/${ids[3]}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ execution_id: ids[3], state: 'failed', cycles: [{ iteration: 1, state: 'failed' }] });
    expect((await fetch(`${url}/api/runs/20200101_000000_zzzz`)).status).toBe(404);
    const stats = (await (await fetch(`${url}/api/stats`)).json()) as { executions: number; by_state: Record<string, number> };
    expect(stats).toMatchObject({ executions: 7, by_state: { success: 4, failed: 3 } });
    expect(await (await fetch(`${url}/api/workflows`)).json()).toEqual({ workflows: [{ name: 'nightly' }] });
    expect(await (await fetch(`${url}/api/tasks`)).json()).toEqual({ tasks: [{ id: 'extract' }] });
  });

  it('answers a wrong query or body field with 400 naming the field', async () => {
    const { url } = await start();
    const bad = async (path: string, init?: RequestInit) => {
      const res = await fetch(`${url}${path}`, init);
      expect(res.status, path).toBe(400);
      return (await res.json()) as { field?: string; message: string };
    };
    expect(await bad('/api/runs?limit=0')).toMatchObject({ field: 'limit' });
    expect(await bad('/api/runs?state=green')).toMatchObject({ field: 'state' });
    expect(await bad('/api/runs?since=yesterday')).toMatchObject({ field: 'since' });
    expect(await bad('/api/runs/not-an-id')).toMatchObject({ field: 'id' });
    const json = { method: 'POST', headers: { 'content-type': 'application/json' } };
    expect(await bad('/api/runs', { ...json, body: JSON.stringify({ max_iterations: 'ten' }) })).toMatchObject({ field: 'max_iterations' });
    expect(await bad('/api/runs', { ...json, body: JSON.stringify({ mode: 'sideways' }) })).toMatchObject({ field: 'mode' });
    const unknown = await bad('/api/runs', { ...json, body: JSON.stringify({ workflow: 'w', priority: 1 }) });
    expect(unknown.field).toBe('priority');
    expect(unknown.message).toContain('priority');
  });

  it('with a token: the API needs it (compared in full), the probes, the scrape and the page do not', async () => {
    const { url } = await start({ token: 's3cret-token' });
    expect((await fetch(`${url}/api/runs`)).status).toBe(401);
    expect((await fetch(`${url}/api/runs`, { headers: { authorization: 'Bearer s3cret-toke' } })).status).toBe(401);
    expect((await fetch(`${url}/api/runs`, { headers: { authorization: 'Bearer s3cret-token-and-more' } })).status).toBe(401);
    expect((await fetch(`${url}/api/runs`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${url}/api/runs`, { headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(200);
    expect((await fetch(`${url}/health`)).status).toBe(503);
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
    expect((await fetch(`${url}/`)).status).toBe(200);
    // No CORS: no cross-origin page may read the API.
    const preflight = await fetch(`${url}/api/runs`, { headers: { origin: 'https://evil.example' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('GET /openapi.json describes the routes from the same schemas', async () => {
    const { url } = await start();
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; parameters?: { name: string }[] }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/health', '/metrics', '/api/runs', '/api/runs/{id}', '/api/runs/{id}/log', '/api/stats']),
    );
    expect(JSON.stringify(doc.paths['/api/runs']!.post!.requestBody)).toContain('max_iterations');
    expect(doc.paths['/api/runs']!.get!.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'offset', 'state', 'trigger', 'since']),
    );
  });
});
