/**
 * The classifier benchmark: generates a large ETL-like log and classifies it, in one run and
 * on the same file, with (a) the whole `etl-cycle classify` command (the built CLI as a user
 * runs it: start-up, the catalogue, classifying, printing), (b) `grep -E -i -c -f` with the
 * same regexes translated to ERE, and (c) a naive Node baseline (readline + one big
 * alternation per line). Times are wall-clock of each process, start-up and pattern
 * compilation included, on a file the generator just wrote (page cache warm for all three).
 *
 * Start-up is measured beside it: `etl-cycle classify` of a 1 KiB log, grep on the same file,
 * `etl-cycle --help` and `node -e 0`, spawned in interleaved rounds so a busy machine slows all
 * of them alike; the medians are reported.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinPacksDir } from '../../patterns/catalogue/builtin-packs-dir.js';
import { loadCatalogueFromFiles } from '../../patterns/load-catalogue.js';
import { MAX_MATCHES_PER_SOURCE } from '../../patterns/engine/pattern-stream-classifier.js';
import { listPackFiles } from '../../patterns/catalogue/pack-files.js';
import { summarize } from '../support/summarize.js';
import type { Summary } from '../support/summarize.js';
import { generateEtlLog } from './generate-etl-log.js';
import type { GeneratedLog } from './generate-etl-log.js';
import { toExtendedRegex } from './to-ere.js';
import { toPlainJsRegex } from './to-plain-js-regex.js';

export const DEFAULT_BENCH_BYTES = 1024 ** 3;
export const QUICK_BENCH_BYTES = 64 * 1024 ** 2;

export interface ClassifierBenchOptions {
  /** Size of the generated log (default 1 GiB). */
  sizeBytes?: number;
  /** Where the log and pattern files go (created if missing). */
  workDir: string;
  /** Extra pattern packs, added to the built-in catalogue as if they were built in. */
  packs?: string[];
  seed?: number;
  /** Keep the generated log (and reuse it when size and seed match) instead of deleting it. */
  keepLog?: boolean;
  /** Time budget of the (slow) naive baseline; it reports the throughput of what it got through. Default 60 s. */
  naiveMaxSeconds?: number;
  /** Spawns of each start-up command (default 15; 0 leaves start-up out). */
  startupSamples?: number;
}

export interface StartupRow {
  command: string;
  samples: number;
  seconds: Summary;
}

export interface ToolResult {
  tool: string;
  seconds: number;
  mbPerSecond: number;
  maxRssMb: number | undefined;
  matchedLines: number;
  note?: string;
}

export interface ClassifierBenchResult {
  log: GeneratedLog;
  patterns: number;
  grepPatterns: number;
  naivePatterns: number;
  results: ToolResult[];
  /** etl-cycle's throughput divided by grep's. */
  ratioToGrep: number;
  /** Start-up on a 1 KiB log (empty when left out). */
  startup: StartupRow[];
}

/** The start-up target the issue sets for `classify` of a 1 KiB file. */
export const STARTUP_TARGET_SECONDS = 0.25;

const MB = 1024 * 1024;

export async function runClassifierBench(options: ClassifierBenchOptions): Promise<ClassifierBenchResult> {
  const sizeBytes = options.sizeBytes ?? DEFAULT_BENCH_BYTES;
  const seed = options.seed ?? 42;
  await mkdir(options.workDir, { recursive: true });
  const logPath = join(options.workDir, `etl-log-${sizeBytes}-${seed}.log`);
  const log = await reuseOrGenerate(logPath, sizeBytes, seed, options.keepLog === true);
  try {
    const catalogue = await loadCatalogueFromFiles([...(await listPackFiles(builtinPacksDir())), ...(options.packs ?? [])]);
    const sources = catalogue.patterns.map((p) => p.regex);
    const ere = sources.map(toExtendedRegex).filter((s): s is string => s !== undefined);
    const plain = sources.map(toPlainJsRegex).filter((s): s is string => s !== undefined);
    const erePath = join(options.workDir, 'patterns.ere');
    const jsonPath = join(options.workDir, 'patterns.json');
    await writeFile(erePath, `${ere.join('\n')}\n`);
    await writeFile(jsonPath, JSON.stringify(plain));

    // The whole command, as a user runs it; extra packs are user packs (validated and ReDoS-checked, as a user's would be).
    const ours = await runCli(['classify', log.path, '--json', ...(options.packs ?? []).flatMap((p) => ['--patterns', p])]);
    const grep = await runGrep(erePath, log.path, ere.length);
    const naive = await runNode(workerPath('naive-worker'), [jsonPath, log.path, String(options.naiveMaxSeconds ?? 60)]);
    const results: ToolResult[] = [
      toolResult(
        'etl-cycle classify (the whole command)',
        log.bytes,
        ours.seconds,
        ours.maxRssKb,
        ours.matchedLines,
        `${ours.matches} matches${ours.matches >= MAX_MATCHES_PER_SOURCE ? ' (the per-source cap)' : ''}; primary ${ours.primary ?? 'none'}`,
      ),
      toolResult(
        `grep -E -i -c -f (${ere.length} of ${sources.length} patterns)`,
        log.bytes,
        grep.seconds,
        grep.maxRssKb,
        grep.matchedLines,
        grep.note,
      ),
      naive.json.partial
        ? toolResult(
            `naive node: readline + one alternation (${plain.length} patterns)`,
            naive.json.bytes ?? log.bytes,
            naive.json.classifySeconds,
            naive.json.maxRssKb,
            naive.json.matchedLines,
            `stopped after ${naive.json.classifySeconds.toFixed(0)} s at ${((naive.json.bytes ?? 0) / MB).toFixed(0)} MiB; lines matched in that part`,
          )
        : toolResult(
            `naive node: readline + one alternation (${plain.length} patterns)`,
            log.bytes,
            naive.seconds,
            naive.json.maxRssKb,
            naive.json.matchedLines,
          ),
    ];
    const [a, b] = results;
    const startup = await measureClassifyStartup(options.workDir, erePath, options.startupSamples ?? 15);
    return {
      log,
      patterns: sources.length,
      grepPatterns: ere.length,
      naivePatterns: plain.length,
      results,
      ratioToGrep: a && b ? a.mbPerSecond / b.mbPerSecond : Number.NaN,
      startup,
    };
  } finally {
    if (options.keepLog !== true) await rm(log.path, { force: true });
  }
}

export function formatClassifierBench(result: ClassifierBenchResult): string {
  const rows = result.results.map((r) => [
    r.tool,
    `${r.seconds.toFixed(2)} s`,
    `${r.mbPerSecond.toFixed(r.mbPerSecond < 10 ? 1 : 0)} MB/s`,
    r.maxRssMb === undefined ? 'n/a' : `${r.maxRssMb.toFixed(0)} MB`,
    String(r.matchedLines),
    r.note ?? '',
  ]);
  const header = ['tool', 'wall time', 'throughput', 'peak RSS', 'lines matched', 'notes'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const startupRows = result.startup.map((r) => [
    r.command,
    `${(r.seconds.median * 1000).toFixed(0)} ms`,
    `${(r.seconds.min * 1000).toFixed(0)} ms`,
    `${(r.seconds.max * 1000).toFixed(0)} ms`,
    String(r.samples),
  ]);
  const startupHeader = ['start-up (1 KiB log)', 'median', 'min', 'max', 'runs'];
  const startupWidths = startupHeader.map((h, i) => Math.max(h.length, ...startupRows.map((row) => (row[i] ?? '').length)));
  const startupLine = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(startupWidths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    `log: ${(result.log.bytes / MB).toFixed(0)} MiB, ${result.log.lines} lines, ${result.log.failures} planted failures; ${result.patterns} patterns`,
    line(header),
    ...rows.map(line),
    `etl-cycle / grep throughput: ${result.ratioToGrep.toFixed(2)}` +
      (result.patterns > result.grepPatterns
        ? ` (grep ran ${result.grepPatterns} of ${result.patterns} patterns: the rest use what ERE cannot express)`
        : ''),
    ...(result.startup.length === 0
      ? []
      : ['', startupLine(startupHeader), ...startupRows.map(startupLine), startupVerdict(result.startup)]),
  ].join('\n');
}

/** The target line: classify of 1 KiB within STARTUP_TARGET_SECONDS, and how much of it is Node's and the CLI's own. */
export function startupVerdict(rows: readonly StartupRow[]): string {
  const classify = rows.find((r) => r.command.startsWith('etl-cycle classify'));
  const help = rows.find((r) => r.command.startsWith('etl-cycle --help'));
  if (!classify) return '';
  const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
  const target = classify.seconds.median <= STARTUP_TARGET_SECONDS ? 'within' : 'over';
  return (
    `classify of 1 KiB: median ${ms(classify.seconds.median)}, ${target} the ${ms(STARTUP_TARGET_SECONDS)} target` +
    (help ? `; ${ms(classify.seconds.median - help.seconds.median)} more than --help` : '')
  );
}

/**
 * Start-up: spawns of each command in interleaved rounds (one of each per round, after a
 * warm-up round), so load on a shared machine weighs on all of them alike.
 */
async function measureClassifyStartup(workDir: string, erePath: string, samples: number): Promise<StartupRow[]> {
  if (samples <= 0) return [];
  const small = join(workDir, 'startup-1k.log');
  await generateEtlLog(small, 1024, 7);
  const commands: { command: string; file: string; args: string[] }[] = [
    { command: 'etl-cycle classify 1k.log', file: process.execPath, args: [CLI, 'classify', small] },
    { command: 'grep -E -i -c -f (same patterns) 1k.log', file: 'grep', args: ['-E', '-i', '-c', '-f', erePath, small] },
    { command: 'etl-cycle --help', file: process.execPath, args: [CLI, '--help'] },
    { command: 'node -e 0 (baseline)', file: process.execPath, args: ['-e', '0'] },
  ];
  const times = commands.map(() => [] as number[]);
  for (let round = -1; round < samples; round += 1) {
    for (const [index, c] of commands.entries()) {
      const run = await spawnTimed(c.file, c.args);
      if (run.code !== 0 && !(c.file === 'grep' && run.code === 1))
        throw new Error(`${c.command} failed (exit ${run.code}): ${run.stderr.trim()}`);
      if (round >= 0) times[index]?.push(run.seconds);
    }
  }
  return commands.map((c, index) => ({ command: c.command, samples, seconds: summarize(times[index] ?? [])! }));
}

async function reuseOrGenerate(path: string, sizeBytes: number, seed: number, reuse: boolean): Promise<GeneratedLog> {
  if (reuse && existsSync(`${path}.json`) && existsSync(path)) {
    const meta = JSON.parse(await readFile(`${path}.json`, 'utf8')) as GeneratedLog;
    if ((await stat(path)).size === meta.bytes) return meta;
  }
  const log = await generateEtlLog(path, sizeBytes, seed);
  if (reuse) await writeFile(`${path}.json`, JSON.stringify(log));
  return log;
}

function toolResult(
  tool: string,
  bytes: number,
  seconds: number,
  maxRssKb: number | undefined,
  matchedLines: number,
  note?: string,
): ToolResult {
  return {
    tool,
    seconds,
    mbPerSecond: bytes / MB / seconds,
    maxRssMb: maxRssKb === undefined ? undefined : maxRssKb / 1024,
    matchedLines,
    ...(note ? { note } : {}),
  };
}

/** The launcher of the built CLI (bin/etl-cycle.js → dist/), found from this module in the sources or in dist/. */
const CLI = join(builtinPacksDir(), '..', '..', 'bin', 'etl-cycle.js');

/** `etl-cycle classify ... --json` under GNU time (peak RSS) when installed; what it found, from its JSON. */
async function runCli(
  args: string[],
): Promise<{ seconds: number; maxRssKb: number | undefined; matches: number; matchedLines: number; primary: string | null }> {
  const timed = existsSync(GNU_TIME);
  const run = timed
    ? await spawnTimed(GNU_TIME, ['-f', 'maxrss=%M', process.execPath, CLI, ...args])
    : await spawnTimed(process.execPath, [CLI, ...args]);
  if (run.code !== 0) throw new Error(`etl-cycle ${args.join(' ')} failed (exit ${run.code}): ${run.stderr.trim()}`);
  const json = JSON.parse(run.stdout) as { primary: string | null; matches: { line: number }[] };
  const rss = /maxrss=(\d+)/.exec(run.stderr)?.[1];
  return {
    seconds: run.seconds,
    maxRssKb: rss === undefined ? undefined : Number(rss),
    matches: json.matches.length,
    matchedLines: new Set(json.matches.map((m) => m.line)).size,
    primary: json.primary,
  };
}

/** The worker next to this module: compiled `.js` under dist/, or `.ts` through tsx when run from the sources. */
function workerPath(name: string): { file: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  return {
    file: fileURLToPath(new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, import.meta.url)),
    execArgv: fromSource ? ['--import', 'tsx'] : [],
  };
}

interface Spawned {
  seconds: number;
  stdout: string;
  stderr: string;
  code: number | null;
}

function spawnTimed(command: string, args: string[]): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ seconds: (performance.now() - started) / 1000, stdout, stderr, code }));
  });
}

interface WorkerJson {
  loadSeconds: number;
  classifySeconds: number;
  matches: number;
  matchedLines: number;
  maxRssKb: number;
  /** Naive baseline only: bytes it got through, and whether it stopped at its time budget. */
  bytes?: number;
  partial?: boolean;
}

async function runNode(worker: { file: string; execArgv: string[] }, args: string[]): Promise<{ seconds: number; json: WorkerJson }> {
  const run = await spawnTimed(process.execPath, [...worker.execArgv, worker.file, ...args]);
  if (run.code !== 0) throw new Error(`${worker.file} failed (exit ${run.code}): ${run.stderr.trim()}`);
  return { seconds: run.seconds, json: JSON.parse(run.stdout) as WorkerJson };
}

const GNU_TIME = '/usr/bin/time';

async function runGrep(
  erePath: string,
  logPath: string,
  patterns: number,
): Promise<{ seconds: number; matchedLines: number; maxRssKb: number | undefined; note?: string }> {
  if (patterns === 0) return { seconds: Number.NaN, matchedLines: 0, maxRssKb: undefined, note: 'no pattern translatable' };
  const grepArgs = ['-E', '-i', '-c', '-f', erePath, logPath];
  // GNU time reports grep's peak RSS when it is installed; the timing is the same without it.
  const timed = existsSync(GNU_TIME);
  const run = timed ? await spawnTimed(GNU_TIME, ['-f', 'maxrss=%M', 'grep', ...grepArgs]) : await spawnTimed('grep', grepArgs);
  if (run.code !== 0 && run.code !== 1) throw new Error(`grep failed (exit ${run.code}): ${run.stderr.trim()}`);
  const rss = /maxrss=(\d+)/.exec(run.stderr)?.[1];
  return {
    seconds: run.seconds,
    matchedLines: Number(run.stdout.trim()),
    maxRssKb: rss === undefined ? undefined : Number(rss),
    note: `LC_ALL=${process.env.LC_ALL ?? process.env.LANG ?? 'unset'}`,
  };
}
