/**
 * Idempotent loads (examples/windowed-orders) through the built CLI against the example's real
 * PostgreSQL: the first run loads its window, then a later task fails, so the window is a gap
 * although its rows are in; the next `run --mode full` recovers the same window — loading it a
 * second time — and the table still holds one row per order (each loaded twice, none doubled).
 */
import { cp, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/support/free-port.js';
import { runCli } from '../support/cli.js';
import { removeResourcesWithLabels, TEST_LABEL, uniqueProjectName } from '../support/docker.js';

const exampleDir = fileURLToPath(new URL('../../examples/windowed-orders', import.meta.url));
const nodeModules = fileURLToPath(new URL('../../node_modules', import.meta.url));

let dir: string;
let name: string;
let port: number;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etl-cycle-idempotent-'));
  await cp(exampleDir, dir, { recursive: true });
  await symlink(nodeModules, join(dir, 'node_modules'));
  name = uniqueProjectName('idemwin');
  const config = (await readFile(join(dir, 'etl-cycle.yaml'), 'utf8')).replace(
    'project: windowed-orders',
    `project: ${name}\ndocker:\n  labels:\n    ${TEST_LABEL}: "1"`,
  );
  await writeFile(join(dir, 'etl-cycle.yaml'), config);
  await writeFile(
    join(dir, 'compose.yaml'),
    (await readFile(join(dir, 'compose.yaml'), 'utf8')).replace('name: windowed-orders', `name: ${name}`),
  );
  port = await freePort();
});
afterAll(async () => {
  await removeResourcesWithLabels([`etl-cycle.project=${name}`]);
  await rm(dir, { recursive: true, force: true });
});

async function ordersIn(window: { window_start: string; window_end: string }): Promise<{ rows: number; ids: number; loads: number }> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'etl_admin', password: 'admin-secret', database: 'shop' });
  await client.connect();
  try {
    const result = await client.query<{ rows: string; ids: string; loads: string }>(
      'select count(*) as rows, count(distinct order_id) as ids, coalesce(sum(loads), 0) as loads from sales.orders where ordered_at >= $1 and ordered_at < $2',
      [window.window_start, window.window_end],
    );
    const row = result.rows[0]!;
    return { rows: Number(row.rows), ids: Number(row.ids), loads: Number(row.loads) };
  } finally {
    await client.end();
  }
}

describe('idempotent window loads (examples/windowed-orders, CLI, PostgreSQL)', () => {
  it('loading the same window twice (a failed run, then its recovery) leaves one row per order', async () => {
    const options = { cwd: dir, env: { DB_PORT: String(port) }, timeoutMs: 150_000 };
    await writeFile(join(dir, 'hold-publish'), '');
    const first = await runCli(['run', '--max-iterations', '1', '--no-progress'], options);
    expect(first.exitCode, first.stdout + first.stderr).toBe(1);
    const gaps = JSON.parse((await runCli(['gaps', '--json'], options)).stdout) as {
      window_start: string;
      window_end: string;
      failure_class: string;
    }[];
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.failure_class).toBe('upstream_error');
    // 100 orders an hour, one in 50 rejected by the load (and counted: 98 of 100 pass the 0.95 gate).
    expect(await ordersIn(gaps[0]!)).toEqual({ rows: 98, ids: 98, loads: 98 });

    await unlink(join(dir, 'hold-publish'));
    const second = await runCli(['run', '--mode', 'full', '--max-iterations', '1', '--no-progress'], options);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(second.stdout + second.stderr).toContain(`window: recover gap ${gaps[0]!.window_start} – ${gaps[0]!.window_end}`);
    expect(second.stdout + second.stderr).toMatch(/✔ load_orders .* — 100 read, 98 written, 2 rejected/);
    expect(await ordersIn(gaps[0]!)).toEqual({ rows: 98, ids: 98, loads: 196 });
    expect(JSON.parse((await runCli(['gaps', '--json'], options)).stdout)).toEqual([]);
  });
});
