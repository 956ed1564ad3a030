/**
 * `npm run bench`: every benchmark suite in one run, on the real engine —
 *   startup        `etl-cycle --help` spawn time;
 *   time-to-green  etl-cycle against a compose retry loop and its predecessor's loop on the same
 *                  faulty stacks, as ratios to the floor (bench/time-to-green/);
 *   classifier     the classifier's throughput against grep (bench/classifier/);
 *   history        the run ledger: overhead per iteration, history/show/stats over 100 000
 *                  executions, size per execution (bench/history/).
 *   output-flood   RSS and log size when the orchestrator prints 1 GiB, and the masker's throughput (bench/output-flood/).
 * Prints the Markdown tables and writes bench/results/<timestamp>.md and .json.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { EtlCycleError, EXIT_SIGINT } from '../core/errors.js';
import { runClassifierSuite } from './classifier-suite.js';
import { formatResults } from './format-results.js';
import type { BenchResults } from './format-results.js';
import { BENCH_USAGE, parseBenchArgs } from './parse-bench-args.js';
import { runHistoryBench } from './history/run-history-bench.js';
import { runOutputFlood } from './output-flood/run-output-flood.js';
import { preflight } from './preflight.js';
import { measureRunStartup } from './startup/measure-run-startup.js';
import { measureStartup } from './startup/measure-startup.js';
import { measureStop } from './stop/measure-stop.js';
import { describeMachine } from './support/describe-machine.js';
import { findPackageRoot } from './support/package-root.js';
import { createRandom } from './support/seeded-random.js';
import { benchLabels, SESSION_LABEL } from './time-to-green/bench-labels.js';
import { createContenders } from './time-to-green/contenders.js';
import { removeLabelled } from './time-to-green/remove-labelled.js';
import { runTimeToGreen } from './time-to-green/run-time-to-green.js';
import { SCENARIOS } from './time-to-green/scenarios.js';
import { summarizeTimeToGreen } from './time-to-green/summarize-runs.js';

/** Variables the stack or the tools read: a value left in the caller's shell must not leak into a run. */
const STACK_VARIABLES = [
  'PG_START_DELAY',
  'LOOKUP_INDEX_BYTES',
  'DB_ADMIN_PASSWORD',
  'DB_HOST',
  'DB_PORT',
  'LOOKUP_PORT',
  'DEPS_WAIT_SECONDS',
  'COMPOSE_PROJECT_NAME',
  'COMPOSE_FILE',
  'COMPOSE_PROFILES',
  'BENCH_RUN_ID',
  'BENCH_SESSION_ID',
  'ETL_CYCLE_BENCH_RSS_FILE',
  'GITHUB_STEP_SUMMARY',
  'MAX_ATTEMPTS',
  'RETRY_WAIT_SECONDS',
  'MAX_ITERATIONS',
  'API_FAIL_TIMES',
  'API_PORT',
  'API_STATE_DIR',
  'TRANSFORM_INDEX_BYTES',
  'STORE_PORT',
  'QUEUE_PORT',
  'TRANSFORM_PORT',
  'CHAIN_API_PORT',
  'REPORT_PORT',
  'METRICS_PORT',
  'ETL_CYCLE_LOG_DIR',
  'ETL_CYCLE_ORCHESTRATION_ID',
];

/** Floor runs get this long to be green; they take seconds. */
const FLOOR_TIMEOUT_MS = 90_000;

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function main(): Promise<number> {
  const options = parseBenchArgs(
    process.argv.slice(2),
    SCENARIOS.filter((s) => s.quick).map((s) => s.id),
  );
  if (options.help) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  const packageRoot = findPackageRoot(import.meta.url);
  const startedAt = new Date();
  const sessionId = startedAt.getTime().toString(36);
  const docker = new Docker();
  const abort = new AbortController();
  const onSignal = () => {
    log('interrupted: stopping the current run and removing what this session created');
    abort.abort(new Error('interrupted'));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const workDir = join(tmpdir(), `etl-cycle-bench-${sessionId}`);
  await mkdir(workDir, { recursive: true });
  const notes: string[] = [];
  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    durationSeconds: 0,
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    options,
    machine: await describeMachine(docker),
    notes,
  };
  const cli = join(packageRoot, 'bin/etl-cycle.js');
  try {
    const checks = await preflight(docker, packageRoot, log);
    if (options.suites.includes('startup')) {
      log(`start-up: ${options.startupSamples} spawns of etl-cycle --help`);
      results.startup = await measureStartup(cli, options.startupSamples);
      log(`start-up: ${options.startupSamples} runs of etl-cycle run on a one-service project`);
      results.runStartup = await measureRunStartup({
        cli,
        samples: options.startupSamples,
        sessionId,
        labels: benchLabels(sessionId, `${sessionId}-startup`),
      });
    }
    if (options.suites.includes('stop')) {
      log('stop: removing containers that ignore SIGTERM, with and without stop_grace_period');
      results.stop = await measureStop({
        samples: options.quick ? 2 : 5,
        sessionId,
        labels: benchLabels(sessionId, `${sessionId}-stop`),
      });
    }
    if (options.suites.includes('time-to-green')) {
      const contenders = createContenders(options.shellAttempts).filter(
        (c) => options.contenders.includes(c.id) && (checks.composeAvailable || c.flavour !== 'compose'),
      );
      if (contenders.length < options.contenders.length) notes.push('docker-compose is not installed: the shell contenders were left out.');
      const scenarios = SCENARIOS.filter((s) => options.scenarios.includes(s.id) && options.stacks.includes(s.stack));
      const limits = { shellAttempts: options.shellAttempts };
      log(
        `time to green: ${options.runs} round(s) × ${scenarios.length} scenario(s) × ${contenders.length} contender(s) + the floor; ` +
          `hard limits per run: ${contenders.map((c) => `${c.id} ${c.hardTimeoutMs(limits) / 1000} s`).join(', ')}, floor ${FLOOR_TIMEOUT_MS / 1000} s`,
      );
      const records = await runTimeToGreen({
        setting: {
          docker,
          packageRoot,
          cli,
          rssProbe: fileURLToPath(new URL('./support/rss-probe.js', import.meta.url)),
          sessionId,
          workDir,
          baseEnv: stackFreeEnvironment(),
          shellAttempts: options.shellAttempts,
          signal: abort.signal,
        },
        rounds: options.runs,
        scenarios,
        contenders,
        random: createRandom(options.seed),
        floorTimeoutMs: FLOOR_TIMEOUT_MS,
        progress: log,
      });
      results.timeToGreen = {
        scenarios,
        contenders,
        records,
        summary: summarizeTimeToGreen(
          records,
          scenarios.map((s) => s.id),
          contenders.map((c) => c.id),
        ),
      };
    }
    if (options.suites.includes('history')) {
      results.history = await runHistoryBench({
        cli,
        workDir: join(workDir, 'history'),
        executions: options.historyExecutions,
        pairs: options.historyPairs,
        seed: options.seed,
        probe: fileURLToPath(new URL('./support/rss-probe.js', import.meta.url)),
        progress: log,
      });
    }
    if (options.suites.includes('classifier')) {
      log(`classifier: a ${(options.classifierBytes / 1024 ** 2).toFixed(0)} MiB log`);
      results.classifier = await runClassifierSuite(options.classifierBytes, sessionId);
    }
    if (options.suites.includes('output-flood')) {
      log(`output flood: the orchestrator prints ${(options.floodBytes / 1024 ** 2).toFixed(0)} MiB`);
      results.outputFlood = await runOutputFlood({
        sizeBytes: options.floodBytes,
        workDir: join(workDir, 'output-flood'),
        cli,
        rssProbe: fileURLToPath(new URL('./support/rss-probe.js', import.meta.url)),
      });
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
    log('interrupted: no results written');
    return EXIT_SIGINT;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const left = await removeLabelled(docker, `${SESSION_LABEL}=${sessionId}`).catch(() => 0);
    if (left > 0) log(`removed ${left} leftover resource(s) of this session`);
    if (options.keepLogs) log(`run logs kept in ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }

  results.durationSeconds = (Date.now() - startedAt.getTime()) / 1000;
  const markdown = formatResults(results);
  const outDir = options.outDir ?? join(packageRoot, 'bench/results');
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, `${stamp}.md`), markdown);
  await writeFile(join(outDir, `${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(markdown);
  log(`results: ${join(outDir, `${stamp}.md`)} and .json (${(results.durationSeconds / 60).toFixed(1)} min)`);
  return 0;
}

function stackFreeEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of STACK_VARIABLES) delete env[name];
  return env;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof EtlCycleError) {
      process.stderr.write(`${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
