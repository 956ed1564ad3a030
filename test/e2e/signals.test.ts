/**
 * Signals on a project without services (no engine involved): SIGTERM gives exit 143 and an
 * aborted report, the orchestrator's whole tree is gone (an orchestrator command's, and the
 * tasks of the built-in one, which runs inside the agent); a second signal exits at once.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readOnlyReport, runCli } from '../support/cli.js';
import { isProcessAlive } from '../support/process-alive.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('signals', () => {
  it('SIGTERM during orchestration: exit 143, report aborted, no process of the tree left', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-sigterm-'));
    await writeFile(
      join(dir, 'etl-cycle.yaml'),
      [
        'compose: false',
        'orchestrator:',
        '  command: [sh, -c, "sleep 300 & echo $! > child.pid; echo started; wait"]',
        'git: { mode: "off" }',
      ].join('\n'),
    );
    const result = await runCli(['run'], { cwd: dir, killWhen: (err) => err.includes('started'), signal: 'SIGTERM' });
    expect(result.exitCode).toBe(143);
    const report = await readOnlyReport(join(dir, 'logs'));
    expect(report).toMatchObject({ status: 'finished', stop_reason: 'aborted', iterations_executed: 1 });
    expect(report.diagnosis).toBe('stopped by SIGTERM');
    const pid = Number((await readFile(join(dir, 'child.pid'), 'utf8')).trim());
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('SIGTERM during the built-in orchestrator (in process): exit 143, its task tree gone, its report aborted', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-sigterm-builtin-'));
    await writeFile(
      join(dir, 'etl-cycle.yaml'),
      [
        'compose: false',
        'orchestrator: { workflow: etl }',
        'tasks:',
        '  wait: { run: "sleep 300 & echo $! > child.pid; echo started; wait" }',
        'workflows:',
        '  etl: { tasks: [wait] }',
        'git: { mode: "off" }',
      ].join('\n'),
    );
    const result = await runCli(['run'], { cwd: dir, killWhen: (err) => err.includes('started'), signal: 'SIGTERM' });
    expect(result.exitCode).toBe(143);
    const report = await readOnlyReport(join(dir, 'logs'));
    expect(report).toMatchObject({ stop_reason: 'aborted', iterations_executed: 1, diagnosis: 'stopped by SIGTERM' });
    const orchestration = report.cycles[0]!.orchestration!;
    const written = JSON.parse(await readFile(join(dir, 'logs', 'orchestrations', `${orchestration.execution_id}.json`), 'utf8'));
    expect(written).toMatchObject({ stop_reason: 'aborted', signal: 'SIGTERM', success: false });
    const pid = Number((await readFile(join(dir, 'child.pid'), 'utf8')).trim());
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('SIGINT during the backoff wait ends the run at once as aborted', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-sigint-backoff-'));
    await writeFile(
      join(dir, 'etl-cycle.yaml'),
      [
        'compose: false',
        'orchestrator:',
        '  command: [sh, -c, "echo attempt; exit 7"]',
        'loop: { max_iterations: 5, backoff: { initial: 60s, max: 60s, jitter: 0 } }',
        'git: { mode: "off" }',
      ].join('\n'),
    );
    const started = Date.now();
    const result = await runCli(['run'], { cwd: dir, killWhen: (err) => err.includes('backing off'), signal: 'SIGINT' });
    expect(result.exitCode).toBe(130);
    expect(Date.now() - started).toBeLessThan(50_000); // did not sit out the 60 s wait
    const report = await readOnlyReport(join(dir, 'logs'));
    expect(report).toMatchObject({ stop_reason: 'aborted', iterations_executed: 1 });
  });
});
