/**
 * The run ledger through the built CLI on the real engine: runs are listed, shown and counted;
 * a SIGKILLed run is finished as `interrupted` by the next command, with its containers and
 * its orchestrator gone; a second run on a busy project is refused at once while the first
 * goes on to green; a damaged ledger costs one warning, not the run.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readOnlyReport, runCli } from '../support/cli.js';
import { BUSYBOX_IMAGE, resourcesWithLabels } from '../support/docker.js';
import { isProcessAlive } from '../support/process-alive.js';
import { startPostgres } from '../support/postgres.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';

const quick = 'loop:\n  max_iterations: 3\n  backoff: { initial: 0.1s, max: 0.2s }\ngit:\n  mode: "off"\n';
const service = `services:
  web:
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "exec httpd -f -p 8080 -h /"]
    expose: ["8080"]
    stop_grace_period: 1s
`;

let project: TestProject | undefined;
afterEach(async () => {
  await project?.dispose();
  project = undefined;
});

interface ListedExecution {
  execution_id: string;
  state: string;
  trigger: string;
  iterations: number;
  main_class: string | null;
}

describe('etl-cycle history, show, stats', () => {
  it('two runs, then history lists both newest first; show and stats read the same ledger', async () => {
    project = await createTestProject({
      prefix: 'hist-list',
      config: `compose: false\norchestrator:\n  command: [sh, -c, "if [ -f healed ]; then echo loaded; else touch healed; echo 'connection refused'; exit 1; fi"]\n${quick}`,
    });
    const first = await runCli(['run'], { cwd: project.dir });
    expect(first.exitCode, first.stderr).toBe(0);
    const second = await runCli(['run', '--trigger', 'hook'], { cwd: project.dir });
    expect(second.exitCode, second.stderr).toBe(0);

    const listed = await runCli(['history', '--json'], { cwd: project.dir });
    expect(listed.exitCode, listed.stderr).toBe(0);
    const rows = JSON.parse(listed.stdout) as ListedExecution[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ state: 'success', trigger: 'hook', iterations: 1, main_class: null });
    expect(rows[1]).toMatchObject({ state: 'success', trigger: 'ci', iterations: 2, main_class: 'connection_refused' });
    expect(rows[0]!.execution_id > rows[1]!.execution_id).toBe(true);

    const text = await runCli(['history'], { cwd: project.dir });
    expect(text.stdout).toContain(rows[0]!.execution_id);
    expect(text.stdout).toContain(rows[1]!.execution_id);
    expect(text.stdout.split('\n')[0]).toMatch(/^EXECUTION\s+WHEN\s+TRIGGER\s+SHA\s+DURATION\s+ITER\s+STATE\s+CLASS$/);

    // The run's report names its ledger entry.
    const reports = await Promise.all(
      rows.map((r) => readFile(join(project!.logsDir, `auto_cycle_report_${r.execution_id}.json`), 'utf8')),
    );
    expect(reports.map((r) => (JSON.parse(r) as { ledger_id: string }).ledger_id)).toEqual(rows.map((r) => r.execution_id));

    const shown = await runCli(['show', rows[1]!.execution_id], { cwd: project.dir });
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/iteration 1: failed in orchestrate after .+: connection_refused/);
    expect(shown.stdout).toMatch(/connection_refused \(\S+\) at orchestrator:1: connection refused/);
    expect(shown.stdout).toMatch(/iteration 2: green in /);

    const stats = await runCli(['stats', '--json'], { cwd: project.dir });
    expect(JSON.parse(stats.stdout)).toMatchObject({
      executions: 2,
      success_rate: 1,
      green_after_retry: 1,
      flakiness: 0.5,
      iterations_to_green: { count: 2, median: 1.5 },
      top_failure_classes: [{ class: 'connection_refused', executions: 1, iterations: 1 }],
    });

    const missing = await runCli(['show', '20990101_000000_none'], { cwd: project.dir });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('history export, then import into another project’s ledger: the same executions and window runs (gaps), once; still-running ones are left out', async () => {
    project = await createTestProject({
      prefix: 'hist-export',
      config: `compose: false\norchestrator:\n  command: [sh, -c, "echo loaded"]\n${quick}`,
    });
    const target = await createTestProject({
      prefix: 'hist-import',
      config: `compose: false\norchestrator:\n  command: [sh, -c, "true"]\n${quick}`,
    });
    try {
      for (let i = 0; i < 2; i += 1) expect((await runCli(['run'], { cwd: project.dir })).exitCode).toBe(0);
      const exported = await runCli(['history', 'export'], { cwd: project.dir });
      expect(exported.exitCode, exported.stderr).toBe(0);
      const document = JSON.parse(exported.stdout) as { executions: Array<{ execution_id: string; state: string; cycles: unknown[] }> };
      expect(document.executions.map((e) => e.state)).toEqual(['success', 'success']);
      expect(document).toMatchObject({ windows: [] });
      const stillRunning = { ...document.executions[0]!, execution_id: '20260101_000000_live', state: 'running', end_time: null };
      // A gap of the target project's hourly workflow, and a window run still going where exported.
      const windowRun = (id: string, state: string, startIso: string) => ({
        window_run_id: id,
        project: target.name,
        workflow: 'hourly',
        window_start: startIso,
        window_end: new Date(Date.parse(startIso) + 3_600_000).toISOString(),
        mode: 'incremental',
        state,
        execution_id: null,
        failure_class: state === 'failed' ? 'connection_refused' : null,
        error: null,
        start_time: '2026-12-01T11:00:05.000Z',
        end_time: state === 'failed' ? '2026-12-01T11:00:09.000Z' : null,
      });
      const windows = [
        windowRun('w-gap', 'failed', '2026-12-01T10:00:00.000Z'),
        windowRun('w-live', 'running', '2026-12-01T11:00:00.000Z'),
      ];
      const file = join(target.dir, 'export.json');
      await writeFile(file, JSON.stringify({ ...document, executions: [...document.executions, stillRunning], windows }));

      const imported = await runCli(['history', 'import', file], { cwd: target.dir });
      expect(imported.exitCode, imported.stderr).toBe(0);
      expect(imported.stderr).toMatch(
        /^imported 2 execution\(s\) and 1 window run\(s\) \(0 already there\) into .+; 0 execution\(s\) already there; 2 still running where exported, left out/,
      );
      const again = await runCli(['history', 'import', file], { cwd: target.dir });
      expect(again.stderr).toMatch(
        /^imported 0 execution\(s\) and 0 window run\(s\) \(1 already there\) .+; 2 execution\(s\) already there/,
      );
      const gaps = await runCli(['gaps', '--json'], { cwd: target.dir });
      expect(gaps.exitCode, gaps.stderr).toBe(0);
      expect(gaps.stdout).toContain('2026-12-01T10:00:00Z');
      expect(gaps.stdout).toContain('connection_refused');

      const back = JSON.parse((await runCli(['history', 'export', '--all-projects'], { cwd: target.dir })).stdout) as typeof document;
      expect(back.executions.map((e) => e.execution_id).sort()).toEqual(document.executions.map((e) => e.execution_id).sort());
      expect(back.executions.map((e) => e.cycles.length)).toEqual(document.executions.map((e) => e.cycles.length));
      expect((back as unknown as { windows: Array<{ window_run_id: string }> }).windows.map((w) => w.window_run_id)).toEqual(['w-gap']);

      const broken = await runCli(['history', 'import', join(target.dir, 'etl-cycle.yaml')], { cwd: target.dir });
      expect(broken.exitCode).toBe(2);
      expect(broken.stderr.trim().split('\n')).toHaveLength(1);
      expect(broken.stderr).toContain('etl-cycle.yaml');
    } finally {
      await target.dispose();
    }
  });

  it('records the built-in orchestrator’s task runs per iteration; after two green runs (learn.min_runs: 2), run --explain predicts from them', async () => {
    project = await createTestProject({
      prefix: 'hist-tasks',
      config: [
        'compose: false',
        'orchestrator:\n  workflow: nightly',
        'tasks:',
        '  extract:\n    run: [sh, -c, "echo extracted"]',
        '  load:\n    depends_on: [extract]\n    run: [sh, -c, "if [ -f healed ]; then echo loaded; else touch healed; echo \'connection refused\'; exit 3; fi"]',
        'workflows:\n  nightly:\n    tasks: [load]',
        'history:\n  learn: { min_runs: 2 }',
        quick,
      ].join('\n'),
    });
    for (let run = 0; run < 2; run += 1) {
      const result = await runCli(['run'], { cwd: project.dir });
      expect(result.exitCode, result.stderr).toBe(0);
    }
    const shown = await runCli(['show', 'latest', '--json'], { cwd: project.dir });
    const oldest = JSON.parse((await runCli(['history', '--json'], { cwd: project.dir })).stdout) as ListedExecution[];
    const first = JSON.parse((await runCli(['show', oldest[1]!.execution_id, '--json'], { cwd: project.dir })).stdout) as {
      cycles: { tasks: { task_id: string; status: string; exit_code: number | null }[] }[];
    };
    // The second iteration resumes the execution (orchestrator.resume: auto): extract is reused,
    // not run again, so only load has a task run there; stats never count a reused task as a run.
    expect(first.cycles.map((c) => c.tasks.map((t) => `${t.task_id}:${t.status}:${t.exit_code}`))).toEqual([
      ['extract:succeeded:null', 'load:failed:3'],
      ['load:succeeded:null'],
    ]);
    expect((JSON.parse(shown.stdout) as { cycles: unknown[] }).cycles).toHaveLength(1);

    const explained = await runCli(['run', '--explain'], { cwd: project.dir });
    expect(explained.exitCode, explained.stderr).toBe(0);
    expect(explained.stderr).toMatch(/history: 2 executions of project \S+ in the last 30 days, green in 100%/);
    expect(explained.stderr).toMatch(/usually hits: connection_refused \(in 1 run\)/);
    expect(explained.stderr).toMatch(/deadlines from history \(p95 × 1\.5 of the newest 2 green runs\):/);
    expect(explained.stderr).toMatch(/orchestrator timeout: \d+s \(configured 30m 00s; p95 .+ over 2 green runs\)/);
  });

  it('a run SIGKILLed mid-orchestration is reported interrupted by the next command; none of its containers or processes is left', async () => {
    project = await createTestProject({
      prefix: 'hist-kill',
      compose: service,
      config: `orchestrator:\n  command: [sh, -c, "sleep 300 & echo $! > orchestrator-child.pid; echo started; wait"]\n${quick}`,
    });
    const killed = await runCli(['run'], { cwd: project.dir, killWhen: (err) => err.includes('started'), signal: 'SIGKILL' });
    expect(killed.signal).toBe('SIGKILL');
    const childPid = Number((await readFile(join(project.dir, 'orchestrator-child.pid'), 'utf8')).trim());
    // What SIGKILL leaves: the container and the orchestrator's process group.
    expect(isProcessAlive(childPid)).toBe(true);
    expect((await resourcesWithLabels([`etl-cycle.project=${project.name}`])).containers).toHaveLength(1);

    const next = await runCli(['history', '--json'], { cwd: project.dir });
    expect(next.exitCode, next.stderr).toBe(0);
    const [row] = JSON.parse(next.stdout) as ListedExecution[];
    expect(row).toMatchObject({ state: 'interrupted' });
    const warnings = next.stderr.trim().split('\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(
        `execution ${row!.execution_id} \\(pid \\d+ on host .+\\) died without finishing: marked interrupted; stopped its surviving process group\\(s\\) \\d+; removed its 1 container\\(s\\)`,
      ),
    );
    expect(isProcessAlive(childPid)).toBe(false);
    expect((await resourcesWithLabels([`etl-cycle.project=${project.name}`])).containers).toEqual([]);
    const report = await readOnlyReport(project.logsDir);
    expect(report).toMatchObject({ status: 'finished', stop_reason: 'interrupted' });

    // Said once: the next command finds nothing more to finish.
    const again = await runCli(['history'], { cwd: project.dir });
    expect(again.stderr).toBe('');
  });

  it('a second run on a busy project is refused at once (exit 2, one line naming the holder); the first goes on to green', async () => {
    project = await createTestProject({
      prefix: 'hist-lock',
      compose: service,
      config: `orchestrator:\n  command: [sh, -c, "echo started; sleep 15; echo loaded"]\n${quick}`,
    });
    let started!: () => void;
    const orchestrating = new Promise<void>((resolve) => (started = resolve));
    const first = runCli(['run'], {
      cwd: project.dir,
      killWhen: (err) => {
        if (err.includes('started')) started();
        return false;
      },
    });
    await orchestrating;
    const [second, down] = await Promise.all([runCli(['run'], { cwd: project.dir }), runCli(['down'], { cwd: project.dir })]);
    for (const refused of [second, down]) {
      expect(refused.exitCode, refused.stderr).toBe(2);
      const lines = refused.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^etl-cycle: project ${project.name} is in use by run \\d{8}_\\d{6}_[a-z0-9]{4} \\(pid \\d+ on host .+, started \\S+\\); wait`,
        ),
      );
    }
    const done = await first;
    expect(done.exitCode, done.stderr).toBe(0);
    expect((await readOnlyReport(project.logsDir)).overall_success).toBe(true);
    // The refused commands touched nothing: the first run's container still runs.
    expect((await resourcesWithLabels([`etl-cycle.project=${project.name}`])).containers).toEqual([`${project.name}-web-1`]);
  });

  it('with the history in PostgreSQL, two machines share it and the project lock holds across them', async () => {
    const pg = await startPostgres('hist-e2e-pg');
    const otherMachine = await mkdtemp(join(tmpdir(), 'etl-cycle-hist-pg-b-'));
    try {
      project = await createTestProject({
        prefix: 'hist-pg',
        config: `compose: false\norchestrator:\n  command: [sh, -c, "echo started; sleep 8; echo loaded"]\n${quick}`,
      });
      // The same project checked out elsewhere: another folder (its own .etl-cycle/), the same store.
      await writeFile(join(otherMachine, 'etl-cycle.yaml'), await readFile(project.configFile, 'utf8'));
      const env = { ETL_CYCLE_HISTORY_URL: pg.url };
      let started!: () => void;
      const orchestrating = new Promise<void>((resolve) => (started = resolve));
      const first = runCli(['run'], {
        cwd: project.dir,
        env,
        killWhen: (err) => {
          if (err.includes('started')) started();
          return false;
        },
      });
      await orchestrating;
      // Reading the shared history elsewhere meanwhile must not take the live run for a dead one.
      const meanwhile = await runCli(['history', '--json'], { cwd: otherMachine, env });
      expect((JSON.parse(meanwhile.stdout) as ListedExecution[]).map((e) => e.state)).toEqual(['running']);
      expect(meanwhile.stderr).toBe('');
      // Another machine has its own temporary folder, so only the PostgreSQL lock can keep it off.
      const second = await runCli(['run'], { cwd: otherMachine, env: { ...env, TMPDIR: otherMachine } });
      expect(second.exitCode, second.stderr).toBe(2);
      expect(second.stderr.trim()).toMatch(
        new RegExp(`^etl-cycle: project ${project.name} is in use by run \\d{8}_\\d{6}_[a-z0-9]{4} \\(pid \\d+ on host`),
      );
      expect((await first).exitCode).toBe(0);

      const listed = await runCli(['history', '--json'], { cwd: otherMachine, env });
      expect(listed.exitCode, listed.stderr).toBe(0);
      expect((JSON.parse(listed.stdout) as ListedExecution[]).map((e) => e.state)).toEqual(['success']);
      expect(listed.stdout).not.toContain('secret');
    } finally {
      await rm(otherMachine, { recursive: true, force: true });
      await pg.stop();
    }
  });

  it('a damaged ledger costs one warning naming it, not the run; history.required: true makes it fail', async () => {
    project = await createTestProject({
      prefix: 'hist-bad',
      config: `compose: false\norchestrator:\n  command: [sh, -c, "echo loaded"]\n${quick}`,
      files: { '.etl-cycle/history.db': 'this is not a database, '.repeat(500) },
    });
    const run = await runCli(['run'], { cwd: project.dir });
    expect(run.exitCode, run.stderr).toBe(0);
    const warnings = run.stderr.split('\n').filter((l) => l.includes('history store'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      `${join(project.dir, '.etl-cycle', 'history.db')}: cannot open it: the file is damaged or not an SQLite database`,
    );
    expect((await readOnlyReport(project.logsDir)).ledger_id).toBeNull();

    await writeFile(project.configFile, `${await readFile(project.configFile, 'utf8')}\nhistory:\n  required: true\n`);
    const strict = await runCli(['run'], { cwd: project.dir });
    expect(strict.exitCode).toBe(2);
    expect(strict.stderr).toMatch(/history store .+ cannot open it: the file is damaged/);
  });
});
