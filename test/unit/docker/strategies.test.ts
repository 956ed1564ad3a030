/** What the log and healthcheck strategies see, with our EngineClient interface faked. */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import type { ContainerHealth, ContainerInfo, EngineClient } from '../../../docker/engine/engine-client.js';
import { HealthcheckWaitStrategy } from '../../../docker/readiness/healthcheck-wait-strategy.js';
import { LogWaitStrategy } from '../../../docker/readiness/log-wait-strategy.js';
import type { ProbeContext } from '../../../docker/readiness/wait-strategy.js';

function context(logs: string, overrides: Partial<ContainerInfo> = {}): ProbeContext {
  const container: ContainerInfo = {
    id: 'c1',
    name: 'p-db-1',
    image: 'img',
    imageId: 'sha256:img',
    labels: {},
    restartCount: 0,
    tty: false,
    exposedPorts: [],
    publishedPorts: [],
    networks: [],
    state: { status: 'running', running: true, exitCode: null, oomKilled: false },
    ...overrides,
  };
  const engine: Partial<EngineClient> = { endpoint: 'unix:///fake.sock', containerLogs: async () => logs };
  return {
    engine: engine as EngineClient,
    service: 'db',
    container,
    signal: new AbortController().signal,
    logger: silentLogger(),
    remainingMs: 5_000,
    portProbe: 'from-host',
  };
}

describe('LogWaitStrategy', () => {
  it('counts matches over the whole log, again from the start on every round', async () => {
    const strategy = new LogWaitStrategy('ready to accept connections', 2);
    const once = context('starting\nLOG: database system is ready to accept connections\nshutting down\n');
    expect(await strategy.check(once)).toEqual({
      ok: false,
      detail: 'log /ready to accept connections/ seen 1 of 2 times; last line: shutting down',
    });
    // The same `g` regex again: a stale lastIndex would skip the first match.
    expect(await strategy.check(once)).toMatchObject({ ok: false });
    const twice = context('ready to accept connections\nready to accept connections\n');
    expect(await strategy.check(twice)).toEqual({ ok: true, detail: 'log /ready to accept connections/ seen 2 times' });
  });

  it('anchors work per line, and an invalid pattern is fatal', async () => {
    expect(await new LogWaitStrategy('^ready$').check(context('not ready\nready\n'))).toMatchObject({ ok: true });
    expect(await new LogWaitStrategy('(unclosed').check(context(''))).toMatchObject({
      ok: false,
      fatal: true,
      detail: expect.stringContaining('is not a valid regular expression'),
    });
  });
});

describe('HealthcheckWaitStrategy', () => {
  // A test with no command: nothing for the strategy to run early, so only the engine's verdict counts here
  // (running the test through exec is covered against the real engine in stack-readiness.test.ts).
  const withHealth = (health: ContainerHealth) =>
    context('', { healthcheck: { test: ['CMD'] }, state: { status: 'running', running: true, exitCode: null, oomKilled: false, health } });

  it('reports starting, healthy and unhealthy with the last check output', async () => {
    const strategy = new HealthcheckWaitStrategy();
    expect(await strategy.check(withHealth({ status: 'starting', failingStreak: 0, log: [] }))).toEqual({
      ok: false,
      detail: 'health: starting',
    });
    expect(await strategy.check(withHealth({ status: 'healthy', failingStreak: 0, log: [] }))).toEqual({
      ok: true,
      detail: 'health: healthy',
    });
    const unhealthy = withHealth({
      status: 'unhealthy',
      failingStreak: 3,
      log: [{ exitCode: 2, output: '/var/run/postgresql:5432 - no response\n', start: '', end: '' }],
    });
    expect(await strategy.check(unhealthy)).toEqual({ ok: false, detail: 'health: unhealthy: /var/run/postgresql:5432 - no response' });
  });

  it('is fatal for a container without a healthcheck', async () => {
    expect(await new HealthcheckWaitStrategy().check(context(''))).toMatchObject({ ok: false, fatal: true });
  });
});
