/**
 * The contenders: how each is started on a run's stack and how its result is read. On each
 * scenario all of them run the same stack (bench/stacks/<stack>) with the same orchestrator
 * command and the same environment; only the tool around it differs.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from '../../agent/report.js';
import type { TimedRun } from '../support/run-timed.js';
import { interpretEtlCycleRun } from './interpret-etl-cycle-run.js';
import { interpretShellLoop } from './interpret-shell-loop.js';
import type { LeftoverFlavour } from './leftovers.js';
import type { ContenderId, Interpretation } from './types.js';

/** What a contender needs to know about the run it is started for. */
export interface ContenderContext {
  packageRoot: string;
  stackDir: string;
  composeFile: string;
  /** The stack's orchestrator (argv, from the stack folder): what the shell loops run, and etl-cycle's config names. */
  orchestrator: string[];
  project: string;
  /** This run's folder (logs, the etl-cycle report, the RSS probe's file). */
  runDir: string;
  /** The built CLI launcher (bin/etl-cycle.js) and the compiled RSS probe. */
  cli: string;
  rssProbe: string;
  /** Attempts of the shell loops on this scenario. */
  shellAttempts: number;
}

export interface Contender {
  id: ContenderId;
  title: string;
  /** Whose leftovers it recognises as its own project's: engine faults are made in this flavour. */
  flavour: LeftoverFlavour;
  /** The run's hard limit; past it the run is killed and counts as timed out. */
  hardTimeoutMs(ctx: Pick<ContenderContext, 'shellAttempts'>): number;
  /** Settings of the tool itself, shown with the results. */
  settings: string;
  /** Extra environment for the tool (not for the fault). */
  env(ctx: ContenderContext): Record<string, string>;
  command(ctx: ContenderContext): { file: string; args: string[] };
  interpret(run: TimedRun, ctx: ContenderContext): Promise<Interpretation>;
}

/**
 * Attempts the shell loops get by default. Each of their attempts is identical to the first
 * (down -v resets everything), so on these faults more attempts cannot turn a failure green:
 * they only add time. Two — retry once — is the most favourable setting for them that still
 * retries; --shell-attempts shows the cost of more (the predecessor defaulted to 5).
 */
export const DEFAULT_SHELL_ATTEMPTS = 2;
/** nick-fields/retry's default retry_wait_seconds. */
export const COMPOSE_RETRY_WAIT_SECONDS = 10;

const etlCycle: Contender = {
  id: 'etl-cycle',
  title: 'etl-cycle',
  flavour: 'etl-cycle',
  hardTimeoutMs: () => 180_000,
  settings: 'defaults (5 iterations, backoff from 2 s ×2, readiness by healthcheck or ports with a 60 s deadline); git.mode off',
  env: (ctx) => ({ CI: 'true', NO_COLOR: '1', ETL_CYCLE_BENCH_RSS_FILE: join(ctx.runDir, 'rss.json') }),
  command: (ctx) => ({
    file: process.execPath,
    args: ['--import', ctx.rssProbe, ctx.cli, 'run', '-c', join(ctx.stackDir, 'etl-cycle.yaml'), '--log-dir', join(ctx.runDir, 'logs')],
  }),
  async interpret(run, ctx) {
    const report = await readReport(join(ctx.runDir, 'logs'));
    const rssFile = join(ctx.runDir, 'rss.json');
    const rss = existsSync(rssFile) ? (JSON.parse(await readFile(rssFile, 'utf8')) as { maxRssKb: number }).maxRssKb : undefined;
    return interpretEtlCycleRun(run, report, rss);
  },
};

function composeRetryLoop(attempts: number): Contender {
  return {
    id: 'compose-retry-loop',
    title: 'compose retry loop',
    flavour: 'compose',
    // Per attempt: compose down (10 s for a container that ignores SIGTERM) and up, the orchestrator
    // (its 5 s wait at most), the retry wait.
    hardTimeoutMs: (ctx) => (30 + COMPOSE_RETRY_WAIT_SECONDS) * 1000 * ctx.shellAttempts,
    settings: `docker-compose down -v && up -d && orchestrator; ${attempts} attempts (3 on the flaky upstream), ${COMPOSE_RETRY_WAIT_SECONDS} s between them`,
    env: (ctx) => ({ MAX_ATTEMPTS: String(ctx.shellAttempts), RETRY_WAIT_SECONDS: String(COMPOSE_RETRY_WAIT_SECONDS) }),
    command: (ctx) => ({
      file: 'bash',
      args: [join(ctx.packageRoot, 'bench/contenders/compose-retry-loop.sh'), ctx.composeFile, ctx.project, ...ctx.orchestrator],
    }),
    interpret: async (run) => interpretShellLoop(run),
  };
}

function predecessor(iterations: number): Contender {
  return {
    id: 'predecessor',
    title: 'predecessor loop',
    flavour: 'compose',
    // Per iteration: compose down/up, 7 s of fixed sleeps, the orchestrator, up to 60 s of waiting.
    hardTimeoutMs: (ctx) => (40 + 60) * 1000 * ctx.shellAttempts,
    settings: `down -v, sleep 2, up -d, sleep 5, orchestrator; ${iterations} iterations (3 on the flaky upstream), 10 s × iteration between them`,
    env: (ctx) => ({ MAX_ITERATIONS: String(ctx.shellAttempts) }),
    command: (ctx) => ({
      file: 'bash',
      args: [join(ctx.packageRoot, 'bench/contenders/predecessor-loop.sh'), ctx.composeFile, ctx.project, ...ctx.orchestrator],
    }),
    interpret: async (run) => interpretShellLoop(run),
  };
}

/** Every contender, in the order the tables list them. */
export function createContenders(shellAttempts: number = DEFAULT_SHELL_ATTEMPTS): Contender[] {
  return [etlCycle, composeRetryLoop(shellAttempts), predecessor(shellAttempts)];
}

async function readReport(logsDir: string): Promise<RunReport | undefined> {
  if (!existsSync(logsDir)) return undefined;
  const name = (await readdir(logsDir)).find((n) => n.startsWith('auto_cycle_report_') && n.endsWith('.json'));
  return name ? (JSON.parse(await readFile(join(logsDir, name), 'utf8')) as RunReport) : undefined;
}
