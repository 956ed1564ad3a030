/**
 * The end-of-run exports on a real ledger: the .prom file for node_exporter's textfile
 * collector, and a push to a real HTTP receiver standing where a Pushgateway would; a gateway
 * that fails costs one warning, never an exception.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHistoryStore } from '../../../history/store/open-store.js';
import type { HistoryStore } from '../../../history/store/history-store.js';
import { exportRunMetrics } from '../../../metrics/export-run-metrics.js';
import { recordLedgerRun } from '../../support/ledger-runs.js';

let dir: string | undefined;
let store: HistoryStore | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  await store?.close();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = store = receiver = undefined;
});

async function gateway(status: number): Promise<{ url: string; requests: { method: string; url: string; body: string }[] }> {
  const requests: { method: string; url: string; body: string }[] = [];
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, body });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}`, requests };
}

describe('metrics at the end of a run', () => {
  it('writes the textfile atomically and pushes to the gateway grouped by job and instance', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-run-metrics-'));
    store = await openHistoryStore({ flavour: 'sqlite', path: join(dir, 'history.db'), display: 'history.db' });
    await recordLedgerRun(store, 'shop', { state: 'failed', startedAt: Date.now() - 60_000, mainClass: 'out_of_memory' });
    await recordLedgerRun(store, 'shop', { state: 'success', startedAt: Date.now() - 30_000, durationMs: 20_000 });
    const { url, requests } = await gateway(200);
    const textfile = join(dir, 'collector', 'etl_cycle.prom');
    const warnings: string[] = [];
    await exportRunMetrics({
      config: { metrics: { textfile, pushgateway: url, job: 'etl_cycle', instance: 'ci-7' } },
      store,
      project: 'shop',
      warn: (w) => warnings.push(w),
    });
    expect(warnings).toEqual([]);
    const text = await readFile(textfile, 'utf8');
    expect(text).toContain('etl_cycle_runs_total{state="success",project="shop"} 1\n');
    expect(text).toContain('etl_cycle_failures_total{class="out_of_memory",project="shop"} 1\n');
    // Nothing but the .prom file is left in the collector's folder (no temp file).
    expect(await readdir(join(dir, 'collector'))).toEqual(['etl_cycle.prom']);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'PUT', url: '/metrics/job/etl_cycle/instance/ci-7' });
    expect(requests[0]!.body).toContain('etl_cycle_runs_total{state="failed",project="shop"} 1');
  });

  it('a failing gateway and an unwritable textfile are warnings naming them', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-run-metrics-'));
    store = await openHistoryStore({ flavour: 'sqlite', path: join(dir, 'history.db'), display: 'history.db' });
    const { url } = await gateway(500);
    const warnings: string[] = [];
    // A folder that cannot exist: its parent is a file.
    const textfile = join(dir, 'history.db', 'x.prom');
    await exportRunMetrics({
      config: { metrics: { textfile, pushgateway: url, job: 'etl_cycle' } },
      store,
      project: 'shop',
      warn: (w) => warnings.push(w),
    });
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toContain(`metrics.textfile ${textfile}: cannot write it`);
    expect(warnings.join('\n')).toContain(`metrics.pushgateway ${url}: push failed`);
  });
});
