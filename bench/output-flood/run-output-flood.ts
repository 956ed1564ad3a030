/**
 * The output-flood suite (issue 17): an orchestrator that prints `sizeBytes` (1 GiB in a full
 * run) and fails at the end. Measured: etl-cycle's peak RSS (getrusage of its own process,
 * through the preloaded rss-probe), the size of the orchestrator log it leaves (capped by
 * logs.max_size, default 100 MiB), how much of the flood reached the console (the plain CI
 * output throttles the echo), the class the run was diagnosed with, and wall time against
 * the floor — the same generator piped to /dev/null. Also the masker's throughput on its own.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SecretMasker } from '../../core/secret-masker.js';
import { runTimed } from '../support/run-timed.js';

export interface OutputFloodResult {
  printedBytes: number;
  seconds: number;
  floorSeconds: number;
  maxRssMb: number | undefined;
  logBytes: number;
  consoleBytes: number;
  exitCode: number | null;
  primaryClass: string | null;
  secretInLog: boolean;
  masking: { secrets: number; mbPerSecond: number }[];
}

const SECRET = 's3cret-pass-9271';

/** Prints `total` bytes of realistic log lines (one with the password now and then), then the error. */
const GENERATOR = `
const total = Number(process.argv[2]);
const lines = [
  '2026-01-01T00:00:00.000Z INFO  load: inserted batch 123456 into staging.orders (rows=5000, 12 ms)\\n',
  '2026-01-01T00:00:00.001Z DEBUG extract: GET https://api.example.com/v2/orders?page=981 -> 200 (3.1 KiB)\\n',
  '2026-01-01T00:00:00.002Z INFO  connecting with ${SECRET} to postgres://etl:${SECRET}@db:5432/warehouse\\n',
  '2026-01-01T00:00:00.003Z WARN  transform: 3 rows rejected (null customer_id), see rejects/part-0007.csv\\n',
];
const block = Buffer.from(Array.from({ length: 4000 }, (_, i) => lines[i % 97 === 0 ? 2 : i % 3]).join(''));
let written = 0;
const finish = () => process.stdout.end('ERROR:  relation "staging.orders_archive" does not exist\\n', () => { process.exitCode = 1; });
const pump = () => {
  while (written < total) {
    written += block.length;
    if (!process.stdout.write(block)) return void process.stdout.once('drain', pump);
  }
  finish();
};
pump();
`;

export async function runOutputFlood(options: {
  sizeBytes: number;
  workDir: string;
  cli: string;
  rssProbe: string;
}): Promise<OutputFloodResult> {
  const { workDir } = options;
  await mkdir(workDir, { recursive: true });
  const generator = join(workDir, 'flood.cjs');
  await writeFile(generator, GENERATOR);
  await writeFile(
    join(workDir, 'etl-cycle.yaml'),
    [
      'compose: false',
      'orchestrator:',
      `  command: [${JSON.stringify(process.execPath)}, flood.cjs, "${options.sizeBytes}"]`,
      `  env: { DB_PASSWORD: ${SECRET} }`,
      'loop: { max_iterations: 1 }',
      'git: { mode: "off" }',
      '',
    ].join('\n'),
  );

  const floorSeconds = await timeToDevNull(generator, options.sizeBytes, workDir);
  const rssFile = join(workDir, 'rss.json');
  const run = await runTimed(process.execPath, ['--import', options.rssProbe, options.cli, 'run', '--log-dir', 'logs'], {
    cwd: workDir,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ETL_CYCLE_BENCH_RSS_FILE: rssFile },
    timeoutMs: 30 * 60_000,
    logFile: join(workDir, 'console.txt'),
  });
  const logsDir = join(workDir, 'logs');
  const names = await readdir(logsDir);
  const orchestratorLog = join(
    logsDir,
    names.find((n) => n.startsWith('orchestrator_iteration_1_'))!,
  );
  const report = JSON.parse(
    await readFile(
      join(
        logsDir,
        names.find((n) => n.startsWith('auto_cycle_report_'))!,
      ),
      'utf8',
    ),
  ) as {
    cycles: { primary_class: string | null }[];
  };
  const rss = await readFile(rssFile, 'utf8').then(
    (t) => JSON.parse(t) as { maxRssKb: number },
    () => undefined,
  );
  return {
    printedBytes: options.sizeBytes,
    seconds: run.seconds,
    floorSeconds,
    maxRssMb: rss === undefined ? undefined : rss.maxRssKb / 1024,
    logBytes: (await stat(orchestratorLog)).size,
    consoleBytes: Buffer.byteLength(run.output),
    exitCode: run.exitCode,
    primaryClass: report.cycles[0]?.primary_class ?? null,
    secretInLog: (await readFile(orchestratorLog, 'latin1')).includes(SECRET) || run.output.includes(SECRET),
    masking: [0, 1, 10].map((secrets) => ({ secrets, mbPerSecond: maskingThroughput(secrets) })),
  };
}

/** The generator alone, into /dev/null: how fast the flood can be produced at all. */
function timeToDevNull(generator: string, sizeBytes: number, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [generator, String(sizeBytes)], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', () => resolve((performance.now() - t0) / 1000));
  });
}

/** MB/s of SecretMasker.mask over 64 MiB of log lines, a tenth of which hold a secret or a URL with credentials. */
function maskingThroughput(secretCount: number): number {
  const masker = new SecretMasker();
  for (let i = 0; i < secretCount; i += 1) masker.add(`secret-value-${i}-${'x'.repeat(i)}`);
  const lines = [
    '2026-01-01T00:00:00.000Z INFO  load: inserted batch 123456 into staging.orders (rows=5000, 12 ms)',
    '2026-01-01T00:00:00.001Z DEBUG extract: GET https://api.example.com/v2/orders?page=981 -> 200 (3.1 KiB)',
    '2026-01-01T00:00:00.002Z WARN  transform: 3 rows rejected (null customer_id), see rejects/part-0007.csv',
    `2026-01-01T00:00:00.003Z INFO  connecting with secret-value-0- to postgres://etl:pw@db:5432/warehouse`,
  ];
  const sample = Array.from({ length: 10_000 }, (_, i) => lines[i % 10 === 0 ? 3 : i % 3]!);
  const sampleBytes = sample.reduce((sum, line) => sum + line.length + 1, 0);
  const rounds = Math.ceil((64 * 1024 * 1024) / sampleBytes);
  let keep = 0;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r += 1) for (const line of sample) keep += masker.mask(line).length;
  const seconds = (performance.now() - t0) / 1000;
  if (keep === 0) throw new Error('masking produced nothing');
  return (rounds * sampleBytes) / 1e6 / seconds;
}
