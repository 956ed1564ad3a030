/**
 * Windows and gaps through the built CLI, with the run history in a real PostgreSQL: a window
 * whose run fails is one gap (`etl-cycle gaps` shows it with its class and age), an incremental
 * run moves on without recovering it, the next full run recovers it as its own window run and
 * the gap is gone; running a loaded window again is refused.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startPostgres } from '../support/postgres.js';
import type { TestPostgres } from '../support/postgres.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';

let server: TestPostgres;
let project: TestProject;
beforeAll(async () => {
  server = await startPostgres('windows-pg');
  project = await createTestProject({
    prefix: 'windows',
    config: `compose: false
orchestrator: { workflow: hourly }
tasks:
  load_orders:
    run: 'echo "$ETL_WINDOW_START $ETL_WINDOW_END" >> windows.log; test -f source.ready || { echo "psql: error: could not connect to server: Connection refused" >&2; exit 2; }'
workflows:
  hourly: { tasks: [load_orders], window: { size: 1h } }
`,
  });
}, 180_000);
afterAll(async () => {
  await project?.dispose();
  await server?.stop();
});

interface GapJson {
  workflow: string;
  window_start: string;
  window_end: string;
  age_seconds: number;
  failure_class: string;
  attempts: number;
}

describe('windows and gaps (CLI, PostgreSQL history)', () => {
  it('one failed window shows one gap; incremental leaves it, the next full run closes it; a loaded window is not run again', async () => {
    const options = { cwd: project.dir, env: { ETL_CYCLE_HISTORY_URL: server.url } };
    const gaps = async (): Promise<GapJson[]> => {
      const listed = await runCli(['gaps', '--json'], options);
      expect(listed.exitCode, listed.stderr).toBe(0);
      return JSON.parse(listed.stdout) as GapJson[];
    };

    const failed = await runCli(['orchestrate', '--mode', 'incremental'], options);
    expect(failed.exitCode, failed.stdout + failed.stderr).toBe(1);
    const [gap, ...more] = await gaps();
    expect(more).toEqual([]);
    expect(gap).toMatchObject({ workflow: 'hourly', failure_class: 'connection_refused', attempts: 1 });
    expect(Date.parse(gap!.window_end) - Date.parse(gap!.window_start)).toBe(3_600_000);
    expect(gap!.age_seconds).toBeLessThan(60);
    // The task saw its window, ISO 8601 UTC.
    expect((await readFile(join(project.dir, 'windows.log'), 'utf8')).trim()).toBe(`${gap!.window_start} ${gap!.window_end}`);
    const table = await runCli(['gaps'], options);
    expect(table.stdout).toMatch(
      new RegExp(`hourly\\s+${gap!.window_start}\\s+${gap!.window_end}\\s+\\d+s ago\\s+connection_refused\\s+1`),
    );

    await appendFile(join(project.dir, 'source.ready'), '');
    const incremental = await runCli(['orchestrate', '--mode', 'incremental'], options);
    expect(incremental.exitCode, incremental.stdout + incremental.stderr).toBe(0);
    expect(await gaps()).toHaveLength(1);

    const full = await runCli(['orchestrate', '--mode', 'full', '--dry-run'], options);
    expect(full.stdout).toContain(`recover gap ${gap!.window_start} – ${gap!.window_end}`);
    const recovered = await runCli(['orchestrate', '--mode', 'full'], options);
    expect(recovered.exitCode, recovered.stdout + recovered.stderr).toBe(0);
    expect(recovered.stdout).toContain(`window: recover gap ${gap!.window_start} – ${gap!.window_end}`);
    expect(await gaps()).toEqual([]);
    expect((await runCli(['gaps'], options)).stdout).toContain('no gaps');

    const duplicate = await runCli(['orchestrate', '--window', gap!.window_start], options);
    expect(duplicate.exitCode).toBe(2);
    expect(duplicate.stderr).toMatch(/window .* was already loaded by \S+; a duplicate window is refused/);
  });

  it('a window whose orchestrate was SIGKILLed is closed as a failed window (crash) by the next run, which recovers it', async () => {
    const killed = await createTestProject({
      prefix: 'winkill',
      config: `compose: false
orchestrator: { workflow: hourly }
tasks:
  load_orders: { run: 'echo "loading $ETL_WINDOW_START" >&2; test -f second || { touch second; sleep 3; }' }
workflows:
  hourly: { tasks: [load_orders], window: { size: 1h } }
`,
    });
    try {
      const options = { cwd: killed.dir, env: { ETL_CYCLE_HISTORY_URL: server.url } };
      const first = await runCli(['orchestrate'], { ...options, killWhen: (stderr) => stderr.includes('loading'), signal: 'SIGKILL' });
      expect(first.signal).toBe('SIGKILL');
      // Still recorded as running: not a gap yet, and nothing else may take that window meanwhile.
      expect(JSON.parse((await runCli(['gaps', '--json'], options)).stdout)).toEqual([]);
      const next = await runCli(['orchestrate', '--mode', 'full'], options);
      expect(next.exitCode, next.stdout + next.stderr).toBe(0);
      expect(next.stdout).toMatch(/window: recover gap \S+ – \S+ \(1\/\d\)/);
      expect(JSON.parse((await runCli(['gaps', '--json'], options)).stdout)).toEqual([]);
    } finally {
      await killed.dispose();
    }
  });
});
