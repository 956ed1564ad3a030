/**
 * The demo: a self-healing run of the example stack with three real faults injected first.
 *   1. a container left over from an earlier run (a service since renamed) holds the port;
 *   2. the data volume holds a schema a crashed run left half-made (marker written, table missing);
 *   3. the database takes longer to start than the configured readiness deadline.
 * Then `etl-cycle run` heals them one by one and the report says how.
 * Run it with `bash scripts/demo.sh` (which also prepares a bare machine) or `npm run demo`.
 */
import { spawnSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import type { RunReport } from '../agent/report.js';
import { leaveStaleContainer, seedHalfMadeSchema } from './faults.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const exampleDir = join(root, 'examples', 'postgres-etl');
const configFile = join(exampleDir, 'etl-cycle.yaml');
const cli = join(root, 'bin', 'etl-cycle.js');
const project = 'postgres-etl';
const hostPort = 15432;
const docker = new Docker();

const say = (text: string) => process.stdout.write(`\x1b[1mdemo:\x1b[0m ${text}\n`);

function etlCycle(args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(process.execPath, [cli, ...args, '-c', configFile], { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

async function latestReport(since: number): Promise<RunReport | undefined> {
  const logs = join(root, 'logs');
  const names = (await readdir(logs)).filter((n) => n.startsWith('auto_cycle_report_') && n.endsWith('.json'));
  const withTimes = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(logs, n))).mtimeMs })));
  const newest = withTimes.filter((f) => f.t >= since).sort((a, b) => b.t - a.t)[0];
  return newest ? (JSON.parse(await readFile(join(logs, newest.n), 'utf8')) as RunReport) : undefined;
}

async function main(): Promise<number> {
  await docker.ping().catch(() => {
    throw new Error('no Docker engine answers; run `bash scripts/demo.sh`, which starts one');
  });
  say('removing what earlier demo runs left (etl-cycle down)');
  etlCycle(['down']);
  for (const c of await docker.listContainers({ all: true, filters: JSON.stringify({ label: ['etl-cycle.fault-seeder=1'] }) })) {
    await docker.getContainer(c.Id).remove({ force: true });
  }
  say(`fault 1: a stale container of an earlier run holds port ${hostPort}`);
  await leaveStaleContainer({ docker, project }, hostPort);
  say('fault 2: the data volume holds a half-applied migration (marker written, tables missing)');
  await seedHalfMadeSchema({ docker, project });
  say('fault 3: the database takes 7s to start, longer than its 5s readiness deadline');
  say('running: etl-cycle run -c examples/postgres-etl/etl-cycle.yaml\n');
  const started = Date.now() - 1000;
  const code = etlCycle(['run'], { PG_START_DELAY: '7' });
  const report = await latestReport(started);
  if (!report) {
    say('no report was written');
    return code || 1;
  }
  process.stdout.write('\n');
  say(`report ${report.report_file}`);
  for (const cycle of report.cycles) {
    const task = cycle.failed_task ? ` (task ${cycle.failed_task})` : '';
    const what = cycle.success ? 'green' : `${cycle.primary_class} in ${cycle.failed_phase}${task}`;
    say(
      `  iteration ${cycle.iteration}: ${what} (${cycle.duration_seconds}s)${cycle.adjustments.length ? ` → ${cycle.adjustments.join('; ')}` : ''}`,
    );
  }
  say(
    report.overall_success
      ? `green after ${report.iterations_executed} iterations, ${report.time_to_green_seconds}s to green. The database is still running on 127.0.0.1:${hostPort}; \`node bin/etl-cycle.js down -c examples/postgres-etl/etl-cycle.yaml\` removes it.`
      : `not green: ${report.stop_reason}: ${report.diagnosis ?? ''}`,
  );
  // Every run is kept in the project's ledger (.etl-cycle/history.db): this one and the demo's earlier ones.
  say('the run history (etl-cycle history; `etl-cycle show latest` and `etl-cycle stats` say more):\n');
  etlCycle(['history', '--limit', '5']);
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
