/**
 * The programmatic API on a real project (no services: only the orchestrator, a real process):
 * runCycle heals a first failure and resolves with the report, the observer sees the iterations,
 * a secret the orchestrator prints is masked in the report; classify reads a stream; bad
 * options reject with an EtlCycleError naming the option.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { classify, isEtlCycleError, runCycle } from '../../api/index.js';
import { openConfig } from '../../project/open-project.js';
import { openLedgerForReading } from '../../session/open-ledger.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const SECRET = 'pw-4f9d2c-very-secret';

describe('the programmatic API', () => {
  it('runCycle: heals, reports to the observer, masks secrets in the report', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-api-'));
    await writeFile(
      join(dir, 'etl-cycle.yaml'),
      `compose: false
orchestrator:
  command: [sh, -c, "if [ -f first-done ]; then echo loaded; else touch first-done; echo \\"psql: error: connection to server at 127.0.0.1, port 5432 failed: Connection refused (password $DB_PASSWORD)\\" >&2; exit 2; fi"]
  env: { DB_PASSWORD: "${SECRET}" }
loop:
  backoff: { initial: 0.1s, max: 0.2s }
`,
    );
    const events: string[] = [];
    const report = await runCycle({
      cwd: dir,
      maxIterations: 3,
      git: 'off',
      logDir: 'out',
      observer: {
        iterationStarted: (n, max) => events.push(`start ${n}/${max}`),
        runFinished: (r) => events.push(`finished ${r.stop_reason}`),
      },
    });
    expect(report).toMatchObject({ overall_success: true, stop_reason: 'success', iterations_executed: 2, max_iterations: 3 });
    expect(report.cycles[0]!.primary_class).toBe('connection_refused');
    expect(report.report_file.startsWith(join(dir, 'out'))).toBe(true);
    expect(events).toEqual(['start 1/3', 'start 2/3', 'finished success']);
    expect(JSON.stringify(report)).not.toContain(SECRET);
  });

  it('runCycle({ mode }) runs a windowed workflow in that mode, recorded as a window run; a mode without a window is refused', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-api-'));
    await writeFile(
      join(dir, 'etl-cycle.yaml'),
      `compose: false
orchestrator: { workflow: hourly }
tasks:
  load_orders: { run: 'echo "$ETL_WINDOW_START $ETL_WINDOW_END" >> windows.log' }
workflows:
  hourly: { tasks: [load_orders], window: { size: 1h } }
`,
    );
    const report = await runCycle({ cwd: dir, git: 'off', maxIterations: 1, mode: 'full' });
    expect(report).toMatchObject({ overall_success: true, stop_reason: 'success' });
    const store = await openLedgerForReading(await openConfig({ cwd: dir }));
    try {
      const runs = await store.windowRuns(report.project);
      expect(runs.map((r) => [r.workflow, r.mode, r.state])).toEqual([['hourly', 'full', 'succeeded']]);
    } finally {
      await store.close();
    }
    const wrong = await runCycle({ cwd: dir, git: 'off', mode: 'weekly' as 'full' }).catch((e: unknown) => e);
    expect(isEtlCycleError(wrong) && wrong.message).toBe('mode: expected incremental or full, got "weekly"');

    await writeFile(join(dir, 'etl-cycle.yaml'), 'compose: false\norchestrator:\n  command: [sh, -c, "true"]\n');
    const noWindow = await runCycle({ cwd: dir, git: 'off', mode: 'incremental' }).catch((e: unknown) => e);
    expect(isEtlCycleError(noWindow) && noWindow.message).toMatch(/^mode: the orchestrator is a command, not a workflow; add window:/);
  });

  it('runCycle runs under the project lock and is recorded in the ledger, as etl-cycle run is', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-api-'));
    await writeFile(
      join(dir, 'etl-cycle.yaml'),
      // The orchestrator holds the run open until the test writes `release` (at most 20 s).
      'compose: false\norchestrator:\n  command: [sh, -c, "touch started; i=0; while [ ! -f release ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done; echo done"]\n',
    );
    const first = runCycle({ cwd: dir, git: 'off', maxIterations: 1 });
    await waitForFile(join(dir, 'started'));
    const second = await runCycle({ cwd: dir, git: 'off', maxIterations: 1 }).catch((e: unknown) => e);
    expect(isEtlCycleError(second) && second.code).toBe('E_LOCKED');
    expect((second as Error).message).toMatch(/^project \S+ is in use by run \d{8}_\d{6}_\w+ \(pid \d+ on host /);
    await writeFile(join(dir, 'release'), '');
    const report = await first;
    expect(report.overall_success).toBe(true);

    const store = await openLedgerForReading(await openConfig({ cwd: dir }));
    try {
      const [listed] = await store.list({ project: report.project, limit: 10 });
      expect(listed).toMatchObject({ id: report.execution_id, state: 'success', trigger: 'api', iterations: 1 });
    } finally {
      await store.close();
    }
  });

  it('classify: a stream in, the root cause out', async () => {
    const result = await classify(Readable.from(['starting\n', 'ERROR:  relation "etl.orders" does not exist\n']));
    expect(result.primary).toBe('missing_table');
    expect(result.primaryMatch).toMatchObject({ class: 'missing_table', line: 2 });
    expect((await classify('all good\n')).primary).toBeNull();
  });

  it('bad options reject with an EtlCycleError naming the option', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-api-'));
    await writeFile(join(dir, 'etl-cycle.yaml'), 'compose: false\norchestrator:\n  command: [echo]\n');
    const error = await runCycle({ cwd: dir, maxIterations: 0 }).catch((e: unknown) => e);
    expect(isEtlCycleError(error)).toBe(true);
    expect((error as Error).message).toBe('maxIterations: expected a whole number of at least 1, got 0');
  });
});

async function waitForFile(path: string): Promise<void> {
  const { access } = await import('node:fs/promises');
  for (let i = 0; i < 200; i += 1) {
    if (
      await access(path).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${path} never appeared`);
}
