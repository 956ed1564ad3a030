/**
 * The floor: the stack without any fault, brought up by the most direct means and run once —
 * Engine API calls to create the network, the volume and both containers and start them,
 * readiness probed directly every 100 ms (a real PostgreSQL login and an HTTP GET of the lookup
 * file on the published ports, no healthcheck interval to wait for), then the orchestrator once.
 * No tool can be faster on this stack; every contender is reported as a ratio to it.
 *
 * The container specs mirror bench/stacks/warehouse/compose.yaml (keep them in step).
 */
import { join } from 'node:path';
import type Docker from 'dockerode';
import pg from 'pg';
import { runTimed } from '../support/run-timed.js';
import type { TimedRun } from '../support/run-timed.js';
import { BUSYBOX_IMAGE, POSTGRES_IMAGE } from './leftovers.js';

export interface FloorContext {
  docker: Docker;
  project: string;
  stackDir: string;
  dbPort: number;
  lookupPort: number;
  labels: Record<string, string>;
  /** The environment the orchestrator gets (the same as every contender's). */
  env: NodeJS.ProcessEnv;
  logFile: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface FloorRun {
  seconds: number;
  orchestrator: TimedRun;
}

const PROBE_INTERVAL_MS = 100;

export async function runFloor(ctx: FloorContext): Promise<FloorRun> {
  const started = performance.now();
  const deadline = Date.now() + ctx.timeoutMs;
  const network = `${ctx.project}_default`;
  const volume = `${ctx.project}_pgdata`;
  await ctx.docker.createNetwork({ Name: network, Labels: ctx.labels });
  await ctx.docker.createVolume({ Name: volume, Labels: ctx.labels });
  const [db, lookup] = await Promise.all([
    ctx.docker.createContainer({
      Image: POSTGRES_IMAGE,
      name: `${ctx.project}-db`,
      Env: ['POSTGRES_USER=etl_admin', 'POSTGRES_PASSWORD=admin-secret', 'POSTGRES_DB=warehouse'],
      Labels: ctx.labels,
      ExposedPorts: { '5432/tcp': {} },
      HostConfig: {
        NetworkMode: network,
        PortBindings: { '5432/tcp': [{ HostPort: String(ctx.dbPort) }] },
        Binds: [`${volume}:/var/lib/postgresql/data`],
        Memory: 512 * 1024 * 1024,
      },
    }),
    ctx.docker.createContainer({
      Image: BUSYBOX_IMAGE,
      name: `${ctx.project}-lookup`,
      Cmd: ['sh', '-c', "index=$(head -c ${LOOKUP_INDEX_BYTES} /dev/zero | tr '\\0' i); exec httpd -f -p 8080 -h /srv"],
      Env: ['LOOKUP_INDEX_BYTES=4000000'],
      Labels: ctx.labels,
      ExposedPorts: { '8080/tcp': {} },
      HostConfig: {
        NetworkMode: network,
        PortBindings: { '8080/tcp': [{ HostPort: String(ctx.lookupPort) }] },
        Binds: [`${join(ctx.stackDir, 'lookup')}:/srv:ro`],
        Memory: 32 * 1024 * 1024,
      },
    }),
  ]);
  await Promise.all([db.start(), lookup.start()]);
  await Promise.all([
    pollUntil(() => databaseAnswers(ctx.dbPort), deadline, 'the database did not become ready', ctx.signal),
    pollUntil(() => lookupAnswers(ctx.lookupPort), deadline, 'the lookup service did not become ready', ctx.signal),
  ]);
  const orchestrator = await runTimed('node', ['etl/run-etl.mjs'], {
    cwd: ctx.stackDir,
    env: ctx.env,
    timeoutMs: Math.max(1000, deadline - Date.now()),
    logFile: ctx.logFile,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  if (orchestrator.exitCode !== 0)
    throw new Error(`the floor's orchestrator run failed (exit ${orchestrator.exitCode}); see ${ctx.logFile}`);
  return { seconds, orchestrator };
}

async function databaseAnswers(port: number): Promise<boolean> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'etl_admin',
    password: 'admin-secret',
    database: 'warehouse',
    connectionTimeoutMillis: 1000,
  });
  // An unanswered connection reports its error on the client too; the probe already has it.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function lookupAnswers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/regions.csv`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

async function pollUntil(check: () => Promise<boolean>, deadline: number, message: string, signal?: AbortSignal): Promise<void> {
  while (!(await check())) {
    signal?.throwIfAborted();
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
  }
}
