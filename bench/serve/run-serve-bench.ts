/**
 * The serve suite of `npm run bench` (`--suites serve` runs it alone), issue 14's targets:
 *   - `/health` and `/metrics` latency at a fixed 200 requests/s (autocannon, 10 connections)
 *     against the built CLI's `etl-cycle serve`, with N (default 100 000) executions in the
 *     ledger — goal p99 ≤ 10 ms;
 *   - the idle resident set of the serve process (VmRSS from /proc, after it answered its first
 *     requests and sat idle) and after the load — goal ≤ 100 MiB.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openHistoryStore } from '../../history/store/open-store.js';
import type { ExecutionDetail } from '../../history/types.js';
import { generateExecutions } from '../history/generate-history.js';
import { freePort } from '../support/free-port.js';
import { createRandom } from '../support/seeded-random.js';

export interface LatencyResult {
  path: string;
  rate: number;
  seconds: number;
  requests: number;
  non2xx: number;
  errors: number;
  ms: { p50: number; p90: number; p99: number; max: number; mean: number };
}

export interface ServeBenchResult {
  executions: number;
  seedSeconds: number;
  idleRssMiB: number;
  rssAfterLoadMiB: number;
  latency: LatencyResult[];
}

export interface ServeBenchOptions {
  cli: string;
  workDir: string;
  executions: number;
  seed: number;
  /** Seconds of load per route (default 20). */
  seconds?: number;
  progress: (line: string) => void;
}

const PROJECT = 'bench-serve';
const DAY = 86_400_000;
export const RATE = 200;

export async function runServeBench(options: ServeBenchOptions): Promise<ServeBenchResult> {
  const dir = options.workDir;
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'etl-cycle.yaml'),
    `project: ${PROJECT}\ncompose: false\norchestrator:\n  command: "true"\ngit:\n  mode: "off"\n`,
  );
  options.progress(`serve: seeding ${options.executions} executions`);
  const seedSeconds = await seed(join(dir, '.etl-cycle', 'history.db'), options.executions, options.seed);
  const port = await freePort();
  const server = await startServer(options.cli, dir, port);
  try {
    const url = `http://127.0.0.1:${port}`;
    // First requests (the first ledger read), then idle, as a scraped server spends most of its time.
    for (const path of ['/health', '/metrics', '/api/runs']) await (await fetch(`${url}${path}`)).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const idleRssMiB = await rssMiB(server.pid!);
    const latency: LatencyResult[] = [];
    for (const path of ['/health', '/metrics']) {
      options.progress(`serve: ${path} at ${RATE} requests/s for ${options.seconds ?? 20} s (after 3 s of warm-up, not counted)`);
      await load(`${url}${path}`, 3);
      latency.push(await load(`${url}${path}`, options.seconds ?? 20));
    }
    return { executions: options.executions, seedSeconds, idleRssMiB, rssAfterLoadMiB: await rssMiB(server.pid!), latency };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

async function seed(path: string, count: number, seedValue: number): Promise<number> {
  const t0 = performance.now();
  const store = await openHistoryStore({ flavour: 'sqlite', path, display: path });
  try {
    let batch: ExecutionDetail[] = [];
    for (const detail of generateExecutions(count, PROJECT, createRandom(seedValue), Date.now(), 60 * DAY)) {
      batch.push(detail);
      if (batch.length === 1000) {
        await store.importExecutions(batch);
        batch = [];
      }
    }
    if (batch.length) await store.importExecutions(batch);
  } finally {
    await store.close();
  }
  return (performance.now() - t0) / 1000;
}

function startServer(cli: string, cwd: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', String(port)], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(`:${port}/`)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return kb / 1024;
}

async function load(url: string, seconds: number): Promise<LatencyResult> {
  const result = await autocannon({ url, connections: 10, overallRate: RATE, duration: seconds });
  return {
    path: new URL(url).pathname,
    rate: RATE,
    seconds,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    ms: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
  };
}
