/**
 * The floor: a stack without any fault, brought up by the most direct means and run once —
 * Engine API calls create the network, the volumes and every container and start them all at
 * once, readiness is probed directly every 100 ms (a real PostgreSQL login, an HTTP GET on the
 * published ports: no healthcheck interval to wait for, no dependency order), then the
 * orchestrator runs once. It stands in for `docker compose up --wait` + the orchestrator, and
 * is faster than it: no tool can beat it on its stack, and every contender is reported as a ratio
 * to it. What each stack's floor creates is in stacks.ts (mirroring its compose.yaml).
 */
import type Docker from 'dockerode';
import pg from 'pg';
import { runTimed } from '../support/run-timed.js';
import type { TimedRun } from '../support/run-timed.js';

export interface FloorContext {
  docker: Docker;
  project: string;
  stackDir: string;
  /** The run's host ports, by the variable the Compose file reads them from. */
  ports: Record<string, number>;
  labels: Record<string, string>;
  /** The environment the orchestrator gets (the same as every contender's). */
  env: NodeJS.ProcessEnv;
  /** The stack's orchestrator (argv, run from the stack folder). */
  orchestrator: string[];
  logFile: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A stack's floor: the containers (on the network `<project>_default`, volumes `<project>_<key>`) and the probes that say it is ready. */
export interface StackFloor {
  volumes: string[];
  containers(ctx: FloorContext, network: string): Docker.ContainerCreateOptions[];
  probes(ctx: FloorContext): { what: string; ready: () => Promise<boolean> }[];
}

export interface FloorRun {
  seconds: number;
  orchestrator: TimedRun;
}

const PROBE_INTERVAL_MS = 100;

export async function runFloor(ctx: FloorContext, floor: StackFloor): Promise<FloorRun> {
  const started = performance.now();
  const deadline = Date.now() + ctx.timeoutMs;
  const network = `${ctx.project}_default`;
  await ctx.docker.createNetwork({ Name: network, Labels: ctx.labels });
  await Promise.all(floor.volumes.map((key) => ctx.docker.createVolume({ Name: `${ctx.project}_${key}`, Labels: ctx.labels })));
  const containers = await Promise.all(floor.containers(ctx, network).map((spec) => ctx.docker.createContainer(spec)));
  await Promise.all(containers.map((c) => c.start()));
  await Promise.all(floor.probes(ctx).map((probe) => pollUntil(probe.ready, deadline, `${probe.what} did not become ready`, ctx.signal)));
  const [command, ...args] = ctx.orchestrator;
  const orchestrator = await runTimed(command!, args, {
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

/** A real login and a query: the database is ready for the orchestrator. */
export async function databaseAnswers(port: number, user: string, password: string, database: string): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user, password, database, connectionTimeoutMillis: 1000 });
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

/** A complete 2xx answer to a GET. */
export async function httpAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
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
