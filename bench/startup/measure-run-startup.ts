/**
 * Start-up of a real run: `etl-cycle run` spawned on a one-service project (the engine
 * connection, the Compose file and the pattern catalogue included), timed from the spawn to the
 * start of its first iteration's first phase, as its report records it; and its own overhead for
 * the one cycle (wall time minus start-up minus the phases). `etl-cycle down` removes the services
 * after each sample (not timed), so every sample starts from nothing, like a CI job.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from '../../agent/report.js';
import { summarize } from '../support/summarize.js';
import type { Summary } from '../support/summarize.js';
import { BUSYBOX_IMAGE } from '../time-to-green/leftovers.js';

export interface RunStartupResult {
  samples: number;
  /** Spawn → first phase. */
  startupSeconds: Summary;
  /** The rest of the wall time that is not a phase. */
  overheadSeconds: Summary;
}

export async function measureRunStartup(options: {
  cli: string;
  samples: number;
  sessionId: string;
  labels: Record<string, string>;
}): Promise<RunStartupResult> {
  const dir = await mkdtemp(join(tmpdir(), 'etl-cycle-bench-startup-'));
  const labels = Object.entries(options.labels).map(([k, v]) => `    ${k}: "${v}"`);
  await writeFile(
    join(dir, 'compose.yaml'),
    `services:\n  web:\n    image: ${BUSYBOX_IMAGE}\n    command: ["httpd", "-f", "-p", "8080", "-h", "/"]\n    expose: ["8080"]\n    stop_grace_period: 1s\n`,
  );
  await writeFile(
    join(dir, 'etl-cycle.yaml'),
    [
      `project: ecb-startup-${options.sessionId}`,
      'orchestrator:',
      '  command: ["true"]',
      'git:',
      '  mode: "off"',
      'docker:',
      '  labels:',
      ...labels.map((l) => `  ${l}`),
      '',
    ].join('\n'),
  );
  const startup: number[] = [];
  const overhead: number[] = [];
  try {
    // One warm-up run: the page cache and the image are warm for every sample.
    await runOnce(options.cli, dir);
    for (let i = 0; i < options.samples; i += 1) {
      const { startupSeconds, overheadSeconds } = await runOnce(options.cli, dir);
      startup.push(startupSeconds);
      overhead.push(overheadSeconds);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { samples: options.samples, startupSeconds: summarize(startup)!, overheadSeconds: summarize(overhead)! };
}

function cli(cliPath: string, dir: string, command: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, command, '-c', join(dir, 'etl-cycle.yaml')], {
      cwd: dir,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`etl-cycle ${command} exited with ${code} (in ${dir})`))));
  });
}

async function runOnce(cliPath: string, dir: string): Promise<{ startupSeconds: number; overheadSeconds: number }> {
  const logs = join(dir, 'logs');
  await rm(logs, { recursive: true, force: true });
  const spawnedAt = Date.now();
  const t0 = performance.now();
  let wall: number;
  try {
    await cli(cliPath, dir, 'run');
    wall = (performance.now() - t0) / 1000;
  } finally {
    await cli(cliPath, dir, 'down').catch(() => undefined);
  }
  const name = (await readdir(logs)).find((n) => n.startsWith('auto_cycle_report_') && n.endsWith('.json'))!;
  const report = JSON.parse(await readFile(join(logs, name), 'utf8')) as RunReport;
  const first = report.cycles[0]!;
  const startupSeconds = (Date.parse(first.start_time) - spawnedAt) / 1000;
  const phases = report.cycles.reduce((sum, c) => sum + Object.values(c.phases).reduce<number>((s, v) => s + (v ?? 0), 0), 0);
  return { startupSeconds, overheadSeconds: Math.max(0, wall - startupSeconds - phases) };
}
