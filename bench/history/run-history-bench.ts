/**
 * The history suite of `npm run bench` (`--suites history` runs it alone):
 *   - ledger overhead per iteration: the same failing run (no backoff, 20 iterations) with the
 *     ledger and without, alternated, through the built CLI; per iteration = run time / iterations;
 *   - the write of one iteration (RunLedger → SQLite, in process), per write;
 *   - `history`, `show latest` and `stats` over a ledger of N (default 100 000) executions: the
 *     command's work in process (queries + formatting), and the whole CLI spawned;
 *   - the database size per execution.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { CycleRecord } from '../../agent/report.js';
import { RunLedger } from '../../session/run-ledger.js';
import { silentLogger } from '../../core/logger.js';
import { formatExecution, formatExecutionList } from '../../history/format-history.js';
import { formatStats } from '../../history/format-stats.js';
import { computeStats } from '../../history/stats.js';
import type { HistoryStore } from '../../history/store/history-store.js';
import { openHistoryStore } from '../../history/store/open-store.js';
import type { ExecutionDetail } from '../../history/types.js';
import { createRandom } from '../support/seeded-random.js';
import { summarize } from '../support/summarize.js';
import type { Summary } from '../support/summarize.js';
import { generateExecutions } from './generate-history.js';

export interface HistoryBenchResult {
  executions: number;
  seedSeconds: number;
  dbBytes: number;
  bytesPerExecution: number;
  queries: { name: string; ms: Summary }[];
  cli: { command: string; ms: Summary }[];
  overhead: {
    pairs: number;
    /** The short and the long run. */
    iterations: [number, number];
    cpu: { withLedgerMs: Summary; withoutLedgerMs: Summary; differenceMs: Summary };
    wall: { withLedgerMs: Summary; withoutLedgerMs: Summary; differenceMs: Summary };
  };
  writeMs: Summary & { p95: number };
}

export interface HistoryBenchOptions {
  cli: string;
  workDir: string;
  executions: number;
  pairs: number;
  seed: number;
  /** The preload that reports the agent's own resource usage (bench/support/rss-probe.ts). */
  probe: string;
  progress: (line: string) => void;
}

const PROJECT = 'bench-history';
const DAY = 86_400_000;
const QUERY_SAMPLES = 7;
const SHORT_RUN = 10;
const LONG_RUN = 40;
const LETTERS_OF_PID =
  'n=$$; s=; while [ -n "$n" ]; do d=${n%"${n#?}"}; n=${n#?}; case $d in 0) s=${s}a;; 1) s=${s}b;; 2) s=${s}c;; 3) s=${s}d;; 4) s=${s}e;; 5) s=${s}f;; 6) s=${s}g;; 7) s=${s}h;; 8) s=${s}i;; *) s=${s}j;; esac; done; echo "load failed: $s"; exit 1';

export async function runHistoryBench(options: HistoryBenchOptions): Promise<HistoryBenchResult> {
  await mkdir(options.workDir, { recursive: true });
  options.progress(
    `history: ledger overhead, ${options.pairs} pair(s) of ${SHORT_RUN}- and ${LONG_RUN}-iteration runs with and without the ledger`,
  );
  const overhead = await measureOverhead(options);
  options.progress('history: one iteration written by the ledger, 300 times');
  const writeMs = await measureWrites(join(options.workDir, 'writes', 'history.db'));
  options.progress(`history: seeding ${options.executions} executions`);
  const dir = join(options.workDir, 'big');
  const dbPath = join(dir, '.etl-cycle', 'history.db');
  const store = await openHistoryStore({ flavour: 'sqlite', path: dbPath, display: dbPath });
  let seedSeconds: number;
  let queries: HistoryBenchResult['queries'];
  try {
    seedSeconds = await seed(store, options.executions, options.seed);
    options.progress('history: timing history, show latest and stats');
    queries = await measureQueries(store);
  } finally {
    await store.close();
  }
  await checkpoint(dbPath);
  const dbBytes = (await stat(dbPath)).size;
  await writeFile(join(dir, 'etl-cycle.yaml'), `project: ${PROJECT}\ncompose: false\norchestrator:\n  command: "true"\n`);
  const cli = [];
  for (const args of [['--help'], ['config', 'check'], ['history'], ['show', 'latest'], ['stats']]) {
    cli.push({ command: `etl-cycle ${args.join(' ')}`, ms: await timeCli(options.cli, args, dir) });
  }
  return {
    executions: options.executions,
    seedSeconds,
    dbBytes,
    bytesPerExecution: dbBytes / options.executions,
    queries,
    cli,
    overhead,
    writeMs,
  };
}

async function seed(store: HistoryStore, count: number, seedValue: number): Promise<number> {
  const t0 = performance.now();
  let batch: ExecutionDetail[] = [];
  for (const detail of generateExecutions(count, PROJECT, createRandom(seedValue), Date.now(), 25 * DAY)) {
    batch.push(detail);
    if (batch.length === 1000) {
      await store.importExecutions(batch);
      batch = [];
    }
  }
  if (batch.length) await store.importExecutions(batch);
  return (performance.now() - t0) / 1000;
}

/** What each command does once the store is open: the sweep's check, its queries, its text. */
async function measureQueries(store: HistoryStore): Promise<HistoryBenchResult['queries']> {
  const now = Date.now();
  const work: Record<string, () => Promise<unknown>> = {
    history: async () => {
      await store.running(PROJECT);
      return formatExecutionList(await store.list({ project: PROJECT, limit: 20 }), now);
    },
    'history --state failed --since 7d': async () => {
      await store.running(PROJECT);
      return formatExecutionList(await store.list({ project: PROJECT, limit: 20, state: 'failed', since: now - 7 * DAY }), now);
    },
    'show latest': async () => {
      await store.running(PROJECT);
      return formatExecution((await store.get(PROJECT, 'latest'))!, now);
    },
    'stats (30d: every execution)': async () => {
      await store.running(PROJECT);
      return formatStats(computeStats(await store.statsInput(PROJECT, now - 30 * DAY)), {
        project: PROJECT,
        window: 'last 30d',
        store: '',
      });
    },
    'stats --since 7d': async () => {
      await store.running(PROJECT);
      return formatStats(computeStats(await store.statsInput(PROJECT, now - 7 * DAY)), { project: PROJECT, window: 'last 7d', store: '' });
    },
  };
  const results = [];
  for (const [name, run] of Object.entries(work)) {
    await run();
    const samples: number[] = [];
    for (let i = 0; i < QUERY_SAMPLES; i += 1) {
      const t = performance.now();
      await run();
      samples.push(performance.now() - t);
    }
    results.push({ name, ms: summarize(samples)! });
  }
  return results;
}

/**
 * Per-iteration cost, as the slope between a short and a long run of the same failing pipeline
 * (so start-up, the ledger's open and the final write cancel out), in the agent's own CPU time
 * (robust to a busy machine: waiting for the CPU is not counted) and in wall time; each pair runs
 * with and without the ledger side by side.
 */
async function measureOverhead(options: HistoryBenchOptions): Promise<HistoryBenchResult['overhead']> {
  const slopes = { cpuWith: [] as number[], cpuWithout: [] as number[], wallWith: [] as number[], wallWithout: [] as number[] };
  const cpuDiffs: number[] = [];
  const wallDiffs: number[] = [];
  for (let pair = 0; pair < options.pairs; pair += 1) {
    const slope: Record<'with' | 'without', { cpu: number; wall: number }> = { with: { cpu: 0, wall: 0 }, without: { cpu: 0, wall: 0 } };
    for (const ledger of pair % 2 === 0 ? [true, false] : [false, true]) {
      const short = await overheadRun(options, pair, ledger, SHORT_RUN);
      const long = await overheadRun(options, pair, ledger, LONG_RUN);
      const per = { cpu: (long.cpuMs - short.cpuMs) / (LONG_RUN - SHORT_RUN), wall: (long.wallMs - short.wallMs) / (LONG_RUN - SHORT_RUN) };
      slope[ledger ? 'with' : 'without'] = per;
      (ledger ? slopes.cpuWith : slopes.cpuWithout).push(per.cpu);
      (ledger ? slopes.wallWith : slopes.wallWithout).push(per.wall);
    }
    cpuDiffs.push(slope.with.cpu - slope.without.cpu);
    wallDiffs.push(slope.with.wall - slope.without.wall);
  }
  return {
    pairs: options.pairs,
    iterations: [SHORT_RUN, LONG_RUN],
    cpu: { withLedgerMs: summarize(slopes.cpuWith)!, withoutLedgerMs: summarize(slopes.cpuWithout)!, differenceMs: summarize(cpuDiffs)! },
    wall: {
      withLedgerMs: summarize(slopes.wallWith)!,
      withoutLedgerMs: summarize(slopes.wallWithout)!,
      differenceMs: summarize(wallDiffs)!,
    },
  };
}

async function overheadRun(
  options: HistoryBenchOptions,
  pair: number,
  ledger: boolean,
  iterations: number,
): Promise<{ cpuMs: number; wallMs: number }> {
  const dir = join(options.workDir, `overhead-${pair}-${ledger ? 'with' : 'without'}-${iterations}`);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'etl-cycle.yaml'),
    [
      `project: bench-overhead`,
      'compose: false',
      // A different line each time (its pid spelt in letters: the fingerprint ignores digits), so the
      // planner never calls it stuck; shell builtins only, so the iteration is as steady as it gets.
      `orchestrator:\n  command: ${JSON.stringify(['sh', '-c', LETTERS_OF_PID])}`,
      `loop: { max_iterations: ${iterations}, backoff: { initial: 0, max: 0, jitter: 0 } }`,
      'git: { mode: "off" }',
      `history: { enabled: ${ledger} }`,
    ].join('\n'),
  );
  const probeFile = join(dir, 'usage.json');
  await spawnCli(options.cli, ['run', '--no-progress'], dir, [1], { ETL_CYCLE_BENCH_RSS_FILE: probeFile }, options.probe);
  const report = JSON.parse(await readFile(join(dir, 'logs', (await reportName(dir))!), 'utf8')) as {
    total_duration_seconds: number;
    iterations_executed: number;
  };
  if (report.iterations_executed !== iterations)
    throw new Error(`the overhead run stopped after ${report.iterations_executed} of ${iterations} iterations`);
  const usage = JSON.parse(await readFile(probeFile, 'utf8')) as { cpuMicros: number };
  return { cpuMs: usage.cpuMicros / 1000, wallMs: report.total_duration_seconds * 1000 };
}

async function reportName(dir: string): Promise<string | undefined> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(join(dir, 'logs'))).find((n) => n.startsWith('auto_cycle_report_'));
}

/** One iteration's rows through the run's own ledger writer, timed from the call to its commit. */
async function measureWrites(dbPath: string): Promise<HistoryBenchResult['writeMs']> {
  const store = await openHistoryStore({ flavour: 'sqlite', path: dbPath, display: dbPath });
  try {
    const ledger = new RunLedger({
      store,
      lock: undefined,
      executionId: '20260101_000000_wbch',
      project: PROJECT,
      orchestrationLogsDirs: [],
      retentionMs: undefined,
      warn: (message) => {
        throw new Error(message);
      },
      logger: silentLogger(),
    });
    ledger.start({
      id: '20260101_000000_wbch',
      project: PROJECT,
      trigger: 'manual',
      startedAt: Date.now(),
      maxIterations: 1000,
      gitSha: null,
      gitBranch: null,
      host: 'bench',
      pid: process.pid,
      version: '0',
      configHash: null,
      reportFile: null,
    });
    await ledger.flush();
    const samples: number[] = [];
    for (let n = 1; n <= 300; n += 1) {
      const t = performance.now();
      ledger.iteration(cycleRecord(n));
      await ledger.flush();
      samples.push(performance.now() - t);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    return { ...summarize(samples)!, p95: sorted[Math.floor(0.95 * (sorted.length - 1))]! };
  } finally {
    await store.close();
  }
}

function cycleRecord(iteration: number): CycleRecord {
  const now = new Date();
  return {
    iteration,
    status: 'failed',
    success: false,
    start_time: now.toISOString(),
    end_time: now.toISOString(),
    duration_seconds: 12.3,
    errors_count: 1,
    errors: ['connection_refused (network.connection_refused) at readiness:1: db: connection refused'],
    adjustments_count: 1,
    adjustments: ['raise the readiness deadline of db from 2.0s to 4.0s'],
    adjustment_details: [{ kind: 'raise_readiness_timeout', service: 'db', fromMs: 2000, toMs: 4000 }],
    failed_phase: 'rebuild',
    primary_class: 'connection_refused',
    failed_task: null,
    classes: ['connection_refused'],
    matches: [
      {
        class: 'connection_refused',
        pattern: 'network.connection_refused',
        source: 'readiness',
        line: 1,
        text: 'db: connection refused',
        captures: {},
      },
      {
        class: 'connection_refused',
        pattern: 'network.connection_refused',
        source: 'container:db',
        line: 7,
        text: 'could not connect to server',
        captures: {},
      },
    ],
    orchestrator_exit_code: null,
    orchestrator_timed_out: false,
    phases: { snapshot: 0.01, cleanup: 0.4, rebuild: 11.9 },
    git_snapshot: { status: 'skipped', sha: null, ref: null, message: null },
    logs: { orchestrator: null },
    plan: {
      readiness: {
        db: { strategy: 'healthcheck', timeout_seconds: 2, settle_seconds: 0 },
        web: { strategy: 'auto', timeout_seconds: 60, settle_seconds: 0 },
      },
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
    services: [
      { service: 'db', ready: false, ready_after_seconds: null, detail: 'health: starting' },
      { service: 'web', ready: true, ready_after_seconds: 0.8, detail: null },
    ],
    containers: [],
    validations: [],
    cleanup: { removed: 2, orphans_kept: [] },
    diagnosis: null,
  };
}

/** Folds the WAL into the database file, so its size is the data's. */
async function checkpoint(dbPath: string): Promise<void> {
  const { default: Database } = await import('libsql');
  const db = new Database(dbPath);
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
}

async function timeCli(cli: string, args: string[], cwd: string): Promise<Summary> {
  await spawnCli(cli, args, cwd, [0]);
  const samples: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const t = performance.now();
    await spawnCli(cli, args, cwd, [0]);
    samples.push(performance.now() - t);
  }
  return summarize(samples)!;
}

function spawnCli(
  cli: string,
  args: string[],
  cwd: string,
  okCodes: number[],
  env: Record<string, string> = {},
  preload?: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(preload ? ['--import', preload] : []), cli, ...args], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, CI: '', NO_COLOR: '1', ...env },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      okCodes.includes(code ?? -1) ? resolve() : reject(new Error(`etl-cycle ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`)),
    );
  });
}

export async function removeHistoryBenchDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
