/**
 * Two runners, two engines, one project, one PostgreSQL history: the project lock is the
 * ledger's (history/lock/, an advisory lock in the shared database), not the engine's, so a
 * second runner on another engine is refused while the first runs — and touches nothing on its
 * own engine — then runs there once the first is done.
 *
 * It needs the run history's PostgreSQL store and lock (the history work); until that is part of
 * this tree the file skips, saying so.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnlyReport, runCli } from '../support/cli.js';
import { BUSYBOX_IMAGE, POSTGRES_IMAGE, TEST_LABEL, testDocker, uniqueProjectName } from '../support/docker.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';
import { secondEngineUnavailable, startSecondEngine } from '../support/second-engine.js';
import type { SecondEngine } from '../support/second-engine.js';

const historyLock = existsSync(new URL('../../history/lock/project-lock.ts', import.meta.url));
const unavailable = !historyLock ? 'the run history with its project lock is not in this tree' : secondEngineUnavailable();

/** A PostgreSQL for the shared history, on the main engine, published on a free loopback port. */
async function startHistoryDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const container = await testDocker().createContainer({
    name: uniqueProjectName('shared-history'),
    Image: POSTGRES_IMAGE,
    Env: ['POSTGRES_PASSWORD=secret', 'POSTGRES_DB=history'],
    Labels: { [TEST_LABEL]: '1' },
    ExposedPorts: { '5432/tcp': {} },
    HostConfig: { PortBindings: { '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  });
  const stop = () =>
    container.remove({ force: true, v: true }).then(
      () => undefined,
      () => undefined,
    );
  await container.start();
  const port = (await container.inspect()).NetworkSettings.Ports['5432/tcp']?.[0]?.HostPort;
  // Ready when it answers; etl-cycle's own store retries nothing, so wait for the server's log line.
  for (let i = 0; i < 150; i += 1) {
    const logs = (await container.logs({ stdout: true, stderr: true })).toString();
    if (logs.includes('database system is ready to accept connections')) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url: `postgres://postgres:secret@127.0.0.1:${port}/history`, stop };
}

describe.skipIf(unavailable !== undefined)(`one project lock across engines${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let engine: SecondEngine;
  let database: { url: string; stop: () => Promise<void> };
  let project: TestProject;
  let otherRunner: string;

  beforeAll(async () => {
    [engine, database] = await Promise.all([startSecondEngine(), startHistoryDatabase()]);
    engine.loadImages([BUSYBOX_IMAGE]);
    project = await createTestProject({
      prefix: 'shared-lock',
      compose: `services:\n  web:\n    image: ${BUSYBOX_IMAGE}\n    command: ["sh", "-c", "exec httpd -f -p 8080 -h /"]\n    expose: ["8080"]\n    stop_grace_period: 1s\n`,
      config: 'orchestrator:\n  command: [sh, -c, "echo started; sleep 8; echo loaded"]\nloop:\n  max_iterations: 1\ngit:\n  mode: "off"\n',
    });
    // The same project checked out on another runner: its own folder (and .etl-cycle/), the same database.
    otherRunner = await mkdtemp(join(tmpdir(), 'etl-cycle-runner-b-'));
    await cp(project.configFile, join(otherRunner, 'etl-cycle.yaml'));
    await cp(join(project.dir, 'compose.yaml'), join(otherRunner, 'compose.yaml'));
  });
  afterAll(async () => {
    await project?.dispose();
    if (otherRunner) await rm(otherRunner, { recursive: true, force: true });
    await Promise.all([engine?.stop(), database?.stop()]);
  });

  it('a runner on another engine is refused while the first runs, touches nothing, and runs once it is done', async () => {
    const history = { ETL_CYCLE_HISTORY_URL: database.url };
    const onSecondEngine = { ...history, DOCKER_HOST: engine.unixHost, DOCKER_CONTEXT: '' };
    const containersThere = () =>
      engine
        .docker(['ps', '-a', '--filter', `label=etl-cycle.project=${project.name}`, '--format', '{{.Names}}'])
        .split('\n')
        .filter(Boolean);

    let started!: () => void;
    const orchestrating = new Promise<void>((resolve) => (started = resolve));
    const first = runCli(['run'], {
      cwd: project.dir,
      env: history,
      killWhen: (stderr) => {
        if (stderr.includes('started')) started();
        return false;
      },
    });
    await orchestrating;

    const refused = await runCli(['run'], { cwd: otherRunner, env: onSecondEngine });
    expect(refused.exitCode, refused.stderr).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr.trim()).toMatch(
      new RegExp(`^etl-cycle: project ${project.name} is in use by run \\d{8}_\\d{6}_[a-z0-9]{4} \\(pid \\d+ on host `),
    );
    expect(containersThere()).toEqual([]);

    expect((await first).exitCode).toBe(0);
    const second = await runCli(['run'], { cwd: otherRunner, env: onSecondEngine });
    expect(second.exitCode, second.stderr).toBe(0);
    expect((await readOnlyReport(join(otherRunner, 'logs'))).engine).toMatchObject({ endpoint: engine.unixHost });
    expect(containersThere()).toEqual([`${project.name}-web-1`]);
  });
});
