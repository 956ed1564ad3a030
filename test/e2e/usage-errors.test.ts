/**
 * Bad input gets one clear line naming the file, field or value, and exit code 2 — never a
 * stack trace — before anything is built or run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function project(files: Record<string, string>): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'etl-cycle-usage-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

function expectOneLineUsageError(result: { exitCode: number | null; stderr: string }, ...fragments: string[]): void {
  expect(result.exitCode).toBe(2);
  const lines = result.stderr
    .trim()
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('hint:'));
  expect(lines).toHaveLength(1);
  for (const fragment of fragments) expect(lines[0]).toContain(fragment);
  expect(result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack frames
}

describe('usage and configuration errors', () => {
  it('a misspelled field in etl-cycle.yaml', async () => {
    const cwd = await project({ 'etl-cycle.yaml': 'compose: false\norchestrator:\n  command: [echo]\nloop:\n  max_iteration: 3\n' });
    expectOneLineUsageError(await runCli(['run'], { cwd }), 'etl-cycle.yaml:5', 'loop.max_iteration', 'did you mean "max_iterations"');
  });

  it('no etl-cycle.yaml', async () => {
    const cwd = await project({});
    expectOneLineUsageError(await runCli(['run'], { cwd }), 'no etl-cycle.yaml in');
  });

  it('a readiness entry for a service the Compose file does not have', async () => {
    const cwd = await project({
      'etl-cycle.yaml': 'orchestrator:\n  command: [echo]\nreadiness:\n  services:\n    dbb: { timeout: 5s }\n',
      'compose.yaml': 'services:\n  db:\n    image: etl-cycle/busybox:1\n',
    });
    expectOneLineUsageError(await runCli(['run'], { cwd }), 'readiness.services.dbb', 'no service "dbb"', 'services: db');
  });

  it('a Compose file with a bad port', async () => {
    const cwd = await project({
      'etl-cycle.yaml': 'orchestrator:\n  command: [echo]\n',
      'compose.yaml': 'services:\n  db:\n    image: etl-cycle/busybox:1\n    ports: ["80:abc"]\n',
    });
    expectOneLineUsageError(await runCli(['run'], { cwd }), 'compose.yaml:4', 'services.db.ports[0]');
  });

  it("a dependency cycle between the built-in orchestrator's tasks, caught before the first iteration", async () => {
    const cwd = await project({
      'etl-cycle.yaml': [
        'compose: false',
        'orchestrator: { workflow: all }',
        'tasks:',
        '  a: { run: [echo, a], depends_on: [c] }',
        '  b: { run: [echo, b], depends_on: [a] }',
        '  c: { run: [echo, c], depends_on: [b] }',
        'workflows:',
        '  all: { tasks: [a, b, c] }',
      ].join('\n'),
    });
    const result = await runCli(['run'], { cwd });
    expectOneLineUsageError(result, 'cycle');
    expect(result.stderr).toMatch(/a → c → b → a|b → a → c → b|c → b → a → c/);
  });

  it('a bad command-line value', async () => {
    const cwd = await project({ 'etl-cycle.yaml': 'compose: false\norchestrator:\n  command: [echo]\n' });
    expectOneLineUsageError(await runCli(['run', '--time-budget', 'soon'], { cwd }), '--time-budget', '"soon"');
    expect((await runCli(['rnu'], { cwd })).exitCode).toBe(2);
  });

  it('a bad alerts or schedule value, and a cron expression systemd cannot express', async () => {
    const cwd = await project({
      'etl-cycle.yaml': 'compose: false\norchestrator:\n  command: [echo]\nalerts:\n  webhooks:\n    - { url: "ftp://hooks" }\n',
    });
    expectOneLineUsageError(await runCli(['run'], { cwd }), 'etl-cycle.yaml:6', 'alerts.webhooks[0].url', 'http://');
    await writeFile(join(cwd, 'etl-cycle.yaml'), 'compose: false\norchestrator:\n  command: [echo]\nschedule: { cron: "0 2 * * *" }\n');
    expectOneLineUsageError(
      await runCli(['schedule', 'print', '--systemd', '0 0 L * *'], { cwd }),
      '"0 0 L * *"',
      'systemd cannot express',
    );
    expectOneLineUsageError(await runCli(['schedule', 'print', '--cron', '--timezone', 'Mars/Base'], { cwd }), '--timezone', 'Mars/Base');
    expectOneLineUsageError(await runCli(['schedule', 'print'], { cwd }), 'choose one of --cron, --systemd or --github');
  });
});
