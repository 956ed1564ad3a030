/**
 * The built-in orchestrator with real processes: order, the worker limit measured from what
 * the tasks record, skips, critical and non-critical failures, retries, timeouts that kill the
 * whole process tree, the agent's ETL_CYCLE_* variables, --resume, aborts, and the report.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError } from '../../../core/errors.js';
import { isAlive } from '../process/live-processes.js';
import { createWorkspace, orchestrate, peakConcurrency } from './harness.js';
import type { Workspace } from './harness.js';

let workspace: Workspace | undefined;
afterEach(async () => {
  await workspace?.dispose();
  workspace = undefined;
});

/** A run task that records its start and end in ./events around `body`. */
const recorded = (body = 'sleep 0.6') => `"echo start $ETL_CYCLE_TASK >> events; ${body}; echo end $ETL_CYCLE_TASK >> events"`;

async function eventuallyDead(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && isAlive(pid); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  return !isAlive(pid);
}

describe('orchestrator with real processes', () => {
  it('runs dependencies first, prefixes every output line with the task id, and logs each task to its own file', async () => {
    workspace = await createWorkspace(`orchestrator: { workflow: load }
tasks:
  users: { run: ${recorded('echo creating users; echo to stderr >&2')} }
  schema: { run: ${recorded('echo schema')}, depends_on: [users] }
  load: { run: ${recorded('echo loaded 3 rows')}, depends_on: [schema] }
workflows:
  load: { tasks: [load], parallel: true }
`);
    const { report, lines } = await orchestrate(workspace, { selection: { workflow: 'load' } });
    expect(report).toMatchObject({ success: true, stop_reason: 'completed', execution_order: ['users', 'schema', 'load'] });
    expect((await workspace.read('events')).trim().split('\n')).toEqual([
      'start users',
      'end users',
      'start schema',
      'end schema',
      'start load',
      'end load',
    ]);
    expect(lines).toContain('out: [users] creating users');
    expect(lines).toContain('err: [users] to stderr');
    expect(lines).toContain('out: [load] loaded 3 rows');
    expect(lines.filter((line) => /^out: [▶✔] /.test(line)).map((line) => line.split(' ').slice(1, 3).join(' '))).toEqual([
      '▶ users',
      '✔ users',
      '▶ schema',
      '✔ schema',
      '▶ load',
      '✔ load',
    ]);
    const log = await readFile(report.tasks.users!.log_file!, 'utf8');
    expect(log).toContain('creating users\nto stderr\n');
    expect(report.tasks.users!.log_file).toBe(join(workspace.dir, 'logs', 'tasks', report.execution_id, 'users.log'));
  });

  it('never runs more than max_workers tasks at once (measured), and does reach it', async () => {
    const tasks = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => `  ${id}: { run: ${recorded()} }`).join('\n');
    workspace = await createWorkspace(
      `orchestrator: { workflow: all }\ntasks:\n${tasks}\nworkflows:\n  all: { tasks: [a, b, c, d, e, f], parallel: true, max_workers: 2 }\n`,
    );
    const { report } = await orchestrate(workspace, { selection: { workflow: 'all' } });
    expect(report.success).toBe(true);
    expect(report.max_workers).toBe(2);
    expect(peakConcurrency(await workspace.read('events'))).toBe(2);
  });

  it('honours ETL_CYCLE_MAX_WORKERS as a cap on the workers', async () => {
    const tasks = ['a', 'b', 'c'].map((id) => `  ${id}: { run: ${recorded('sleep 0.3')} }`).join('\n');
    workspace = await createWorkspace(
      `orchestrator: { workflow: all }\ntasks:\n${tasks}\nworkflows:\n  all: { tasks: [a, b, c], parallel: true, max_workers: 3 }\n`,
    );
    const { report } = await orchestrate(workspace, { selection: { workflow: 'all' }, env: { ETL_CYCLE_MAX_WORKERS: '1' } });
    expect(report.max_workers).toBe(1);
    expect(peakConcurrency(await workspace.read('events'))).toBe(1);
  });

  it('skips what depends on a failed task, goes on after a non-critical failure, and stops after a critical one', async () => {
    workspace = await createWorkspace(`orchestrator: { workflow: all }
tasks:
  optional_extract: { run: "echo cannot reach the API >&2; exit 4", critical: false }
  uses_optional: { run: "echo never", depends_on: [optional_extract] }
  main_extract: { run: "echo ok" }
  load: { run: "echo 'ERROR: relation \\"etl.customers\\" does not exist' >&2; exit 1", depends_on: [main_extract] }
  validate: { run: "echo never", depends_on: [load] }
workflows:
  all: { tasks: [uses_optional, validate] }
`);
    const { report, lines } = await orchestrate(workspace, { selection: { workflow: 'all' } });
    expect(report.success).toBe(false);
    expect(report.stop_reason).toBe('critical_failure');
    const status = (id: string) => ({ status: report.tasks[id]!.status, error: report.tasks[id]!.error });
    expect(status('optional_extract')).toEqual({ status: 'failed', error: 'exit code 4' });
    expect(status('uses_optional')).toEqual({ status: 'skipped', error: 'dependency optional_extract failed' });
    expect(status('main_extract')).toEqual({ status: 'succeeded', error: null });
    expect(status('load')).toEqual({ status: 'failed', error: 'exit code 1' });
    expect(status('validate')).toEqual({ status: 'skipped', error: 'dependency load failed' });
    expect(report.summary).toEqual({ succeeded: 1, failed: 2, skipped: 2, timed_out: 0 });
    expect(lines).toContain('err: [load] ERROR: relation "etl.customers" does not exist');
    expect(lines.some((line) => line.startsWith('out: ✖ optional_extract: exit code 4') && line.includes('not critical'))).toBe(true);
    expect(lines).toContain('out: ⊘ validate: skipped: dependency load failed');

    // Only the non-critical failure: the run succeeds.
    const optionalOnly = await orchestrate(workspace, { selection: { tasks: ['optional_extract', 'main_extract'] } });
    expect(optionalOnly.report).toMatchObject({ success: true, stop_reason: 'completed' });
  });

  it('with --continue-on-failure a failed critical task stops only its own branch', async () => {
    workspace = await createWorkspace(`orchestrator: { command: x }
tasks:
  broken: { run: "exit 1" }
  after_broken: { run: "echo never", depends_on: [broken] }
  other: { run: "sleep 0.2; echo other branch" }
  after_other: { run: "echo still runs", depends_on: [other] }
`);
    const { report } = await orchestrate(workspace, {
      selection: { tasks: ['after_broken', 'after_other'] },
      flags: { continueOnFailure: true },
    });
    expect(report).toMatchObject({ success: false, stop_reason: 'completed', continue_on_failure: true });
    expect(report.tasks.after_broken).toMatchObject({ status: 'skipped', error: 'dependency broken failed' });
    expect(report.tasks.after_other).toMatchObject({ status: 'succeeded', output: 'still runs\n' });
  });

  it('retries with backoff: a flaky task succeeds on its second attempt, a broken one fails after all of them', async () => {
    workspace = await createWorkspace(`orchestrator: { command: x }
tasks:
  flaky: { run: "echo attempt $ETL_CYCLE_TASK_ATTEMPT; test -f marker || { touch marker; exit 1; }", retries: { count: 3, initial: 100ms } }
  broken: { run: "echo attempt $ETL_CYCLE_TASK_ATTEMPT; exit 2", retries: { count: 2, initial: 50ms, factor: 2 }, critical: false }
`);
    const { report, lines } = await orchestrate(workspace, { selection: { tasks: ['flaky', 'broken'] } });
    expect(report.tasks.flaky).toMatchObject({ status: 'succeeded', attempts: 2, error: null });
    expect(report.tasks.broken).toMatchObject({ status: 'failed', attempts: 3, error: 'exit code 2' });
    expect(lines.filter((line) => line.startsWith('out: [broken] attempt'))).toEqual([
      'out: [broken] attempt 1',
      'out: [broken] attempt 2',
      'out: [broken] attempt 3',
    ]);
    expect(lines).toContain('out: ↻ broken: exit code 2; attempt 2/3 in 50ms');
    expect(lines).toContain('out: ↻ broken: exit code 2; attempt 3/3 in 100ms');
    const log = await readFile(report.tasks.broken!.log_file!, 'utf8');
    expect(log.match(/^--- etl-cycle: broken attempt \d\/3/gm)).toHaveLength(3);
  });

  it("a timeout kills the task's whole process tree: no grandchild survives", async () => {
    workspace = await createWorkspace(`orchestrator: { command: x }
tasks:
  hangs: { run: "sleep 300 & echo $! > grandchild.pid; echo started; wait", timeout: 1s }
`);
    const { report, lines } = await orchestrate(workspace, { selection: { tasks: ['hangs'] } });
    expect(report.tasks.hangs).toMatchObject({ status: 'timed_out', error: 'timed out after 1.0s', attempts: 1 });
    expect(report.summary.timed_out).toBe(1);
    expect(report.success).toBe(false);
    expect(lines).toContain('err: [hangs] etl-cycle: task hangs timed out after 1.0s and was killed');
    const grandchild = Number(await workspace.read('grandchild.pid'));
    expect(grandchild).toBeGreaterThan(1);
    expect(await eventuallyDead(grandchild)).toBe(true);
  });

  it('scales every timeout by ETL_CYCLE_TIMEOUT_FACTOR', async () => {
    workspace = await createWorkspace(`orchestrator: { command: x }
tasks:
  slowish: { run: "sleep 1", timeout: 300ms }
`);
    const plain = await orchestrate(workspace, { selection: { tasks: ['slowish'] } });
    expect(plain.report.tasks.slowish!.status).toBe('timed_out');
    const scaled = await orchestrate(workspace, { selection: { tasks: ['slowish'] }, env: { ETL_CYCLE_TIMEOUT_FACTOR: '40' } });
    expect(scaled.report).toMatchObject({ timeout_factor: 40, success: true });
    expect(scaled.report.tasks.slowish!.status).toBe('succeeded');
  });

  it('--resume skips what succeeded in the earlier execution and reruns from the failed task', async () => {
    workspace = await createWorkspace(`orchestrator: { workflow: etl }
tasks:
  extract: { run: "echo run >> extract.runs" }
  load: { run: "test -f source.ready || { echo 'source.ready: No such file or directory' >&2; exit 1; }", depends_on: [extract] }
  validate: { run: "echo ok", depends_on: [load] }
workflows:
  etl: { tasks: [validate] }
`);
    const first = await orchestrate(workspace, { selection: { workflow: 'etl' } });
    expect(first.report.tasks.load!.status).toBe('failed');
    expect(first.report.tasks.validate!.status).toBe('skipped');
    await workspace.write('source.ready', '');

    const resumed = await orchestrate(workspace, { selection: {}, resume: first.report.execution_id });
    expect(resumed.report).toMatchObject({ success: true, resumed_from: first.report.execution_id, workflow: 'etl' });
    expect(resumed.report.tasks.extract).toMatchObject({ status: 'succeeded', attempts: 0, resumed_from: first.report.execution_id });
    expect(resumed.report.tasks.load).toMatchObject({ status: 'succeeded', attempts: 1, resumed_from: null });
    expect(await workspace.read('extract.runs')).toBe('run\n');
    expect(resumed.lines).toContain(`out: ✔ extract: succeeded in ${first.report.execution_id}, not run again`);
  });

  it("an abort stops the running task's tree, skips the rest and records the aborted state", async () => {
    workspace = await createWorkspace(`orchestrator: { command: x }
tasks:
  long: { run: "sleep 300 & echo $! > grandchild.pid; echo started; wait" }
  after: { run: "echo never", depends_on: [long] }
  independent: { run: "echo never" }
`);
    const controller = new AbortController();
    const { report } = await orchestrate(workspace, {
      selection: { tasks: ['long', 'after', 'independent'] },
      signal: controller.signal,
      onLine: (line) => {
        if (line === 'out: [long] started') controller.abort(new AbortedError('signal', 'SIGTERM'));
      },
    });
    expect(report).toMatchObject({ success: false, stop_reason: 'aborted', signal: 'SIGTERM', state: 'finished' });
    expect(report.tasks.long).toMatchObject({ status: 'failed', error: 'aborted: stopped by SIGTERM' });
    expect(report.tasks.after).toMatchObject({ status: 'skipped', error: 'the run was stopped by SIGTERM' });
    expect(report.tasks.independent).toMatchObject({ status: 'skipped' });
    expect(await eventuallyDead(Number(await workspace.read('grandchild.pid')))).toBe(true);
  });

  it('writes the report atomically while tasks run: every read is a whole report, with every field at the end', async () => {
    const tasks = Array.from(
      { length: 8 },
      (_, i) => `  t${i}: { run: "sleep 0.1; echo ${i}"${i ? `, depends_on: [t${i - 1}]` : ''} }`,
    ).join('\n');
    workspace = await createWorkspace(`orchestrator: { command: x }\ntasks:\n${tasks}\n`);
    const dir = join(workspace.dir, 'logs', 'orchestrations');
    let reads = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const names = await readdir(dir).catch(() => [] as string[]);
        for (const name of names.filter((n) => n.endsWith('.json'))) {
          const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
          if (text === undefined) continue;
          JSON.parse(text);
          reads += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const { report, reportFile } = await orchestrate(workspace, { selection: { tasks: ['t7'] } });
    polling = false;
    await poll;
    expect(reads).toBeGreaterThan(0);
    expect(await readdir(dir)).toEqual([`${report.execution_id}.json`]);
    const written = JSON.parse(await readFile(reportFile, 'utf8')) as Record<string, unknown>;
    expect(written).toEqual(report);
    expect(Object.keys(written)).toEqual(
      expect.arrayContaining([
        'execution_id',
        'start_time',
        'end_time',
        'total_duration',
        'execution_order',
        'workflow',
        'parallel',
        'max_workers',
        'success',
        'tasks',
      ]),
    );
    expect(report.total_duration).toBeGreaterThan(0);
    expect(Object.keys(report.tasks.t3!)).toEqual(
      expect.arrayContaining([
        'status',
        'start_time',
        'end_time',
        'duration',
        'attempts',
        'output',
        'error',
        'category',
        'critical',
        'log_file',
      ]),
    );
    expect(report.tasks.t3).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      output: '3\n',
      error: null,
      category: 'utility',
      critical: true,
    });
  });
});
