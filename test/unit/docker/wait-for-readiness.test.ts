/**
 * The wait loop's rules, with a scripted container and a scripted check (our own EngineClient
 * interface faked, not dockerode): settle, deadline, exits, restarts, fatal checks, abort.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import type { ContainerInfo, EngineClient } from '../../../docker/engine/engine-client.js';
import { StackUpError } from '../../../docker/errors.js';
import { waitForReadiness, type WaitForReadinessOptions } from '../../../docker/readiness/wait-for-readiness.js';
import type { ProbeResult, WaitStrategy } from '../../../docker/readiness/wait-strategy.js';

type State = Partial<ContainerInfo['state']> & { restartCount?: number };

function info(state: State = {}): ContainerInfo {
  const { restartCount = 0, ...rest } = state;
  return {
    id: 'c1',
    name: 'p-db-1',
    image: 'img',
    imageId: 'sha256:img',
    labels: {},
    restartCount,
    tty: false,
    exposedPorts: [],
    publishedPorts: [],
    networks: [],
    state: { status: 'running', running: true, exitCode: null, oomKilled: false, ...rest },
  };
}

/** An engine whose container goes through `states` (the last one repeats). */
function engine(states: State[]): EngineClient {
  let round = 0;
  const fake: Partial<EngineClient> = {
    endpoint: 'unix:///fake.sock',
    inspectContainer: async () => info(states[Math.min(round++, states.length - 1)]),
    containerLogs: async () => 'line 1\nline 2\n',
  };
  return fake as EngineClient;
}

/** A check answering `results` in turn (the last one repeats). */
function strategy(results: (boolean | ProbeResult)[], readyOnCleanExit = false): WaitStrategy & { calls: number } {
  const s = {
    description: 'scripted',
    readyOnCleanExit,
    calls: 0,
    async check(): Promise<ProbeResult> {
      const r = results[Math.min(s.calls++, results.length - 1)]!;
      return typeof r === 'boolean' ? { ok: r, detail: r ? 'up' : 'port 5432 refused' } : r;
    },
  };
  return s;
}

function options(overrides: Partial<WaitForReadinessOptions>): WaitForReadinessOptions {
  return {
    engine: engine([{}]),
    logger: silentLogger(),
    service: 'db',
    containerId: 'c1',
    portProbe: 'from-host',
    plan: { strategy: { type: 'auto' }, timeoutMs: 5_000, settleMs: 0 },
    strategy: strategy([true]),
    startedAt: Date.now(),
    signal: new AbortController().signal,
    pollMs: 5,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<StackUpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StackUpError);
  return error as StackUpError;
}

describe('waitForReadiness', () => {
  it('returns once the check passes, reporting each new detail once', async () => {
    const seen: string[] = [];
    const check = strategy([false, false, true]);
    const outcome = await waitForReadiness(options({ strategy: check, onProgress: (d) => seen.push(d) }));
    expect(outcome).toMatchObject({ detail: 'up', exited: false });
    expect(check.calls).toBe(3);
    expect(seen).toEqual(['port 5432 refused', 'up']);
  });

  it('requires the check to keep passing for settleMs: a flap starts the settle window again', async () => {
    const check = strategy([true, false, true]);
    const outcome = await waitForReadiness(
      options({ strategy: check, plan: { strategy: { type: 'auto' }, timeoutMs: 5_000, settleMs: 40 } }),
    );
    expect(outcome.detail).toBe('up');
    // Passed once, flapped, then passed through a whole settle window (several more rounds).
    expect(check.calls).toBeGreaterThan(4);
  });

  it('fails past the deadline with the last thing the check saw, the container state and its logs', async () => {
    const error = await failure(
      waitForReadiness(options({ strategy: strategy([false]), plan: { strategy: { type: 'auto' }, timeoutMs: 30, settleMs: 0 } })),
    );
    expect(error).toMatchObject({
      service: 'db',
      stage: 'readiness',
      detail: 'service db not ready after 30ms: port 5432 refused',
      logsTail: 'line 1\nline 2\n',
    });
    expect(error.containerState).toMatchObject({ running: true, containerName: 'p-db-1' });
  });

  it('ends at once when the container exits, or is OOM-killed, while it is waited for', async () => {
    const exited = await failure(
      waitForReadiness(options({ engine: engine([{}, { running: false, status: 'exited', exitCode: 2 }]), strategy: strategy([false]) })),
    );
    expect(exited.detail).toBe('container exited with code 2 while waiting for readiness');
    const killed = await failure(
      waitForReadiness(options({ engine: engine([{ running: false, status: 'exited', exitCode: 137, oomKilled: true }]) })),
    );
    expect(killed.detail).toBe('container exited with code 137 while waiting for readiness, OOMKilled (out of memory)');
    expect(killed.containerState).toMatchObject({ oomKilled: true, exitCode: 137 });
  });

  it('treats a restart by the restart policy as an exit', async () => {
    const error = await failure(
      waitForReadiness(options({ engine: engine([{}, { restartCount: 1, exitCode: 1 }]), strategy: strategy([false]) })),
    );
    expect(error.detail).toBe('container restarted while waiting for readiness (restart count 1, last exit code 1)');
  });

  it('counts a clean exit as ready only for strategies that wait for one', async () => {
    const done = engine([{ running: false, status: 'exited', exitCode: 0 }]);
    expect(await waitForReadiness(options({ engine: done, strategy: strategy([false], true) }))).toMatchObject({
      exited: true,
      detail: 'exit 0',
    });
    const error = await failure(
      waitForReadiness(options({ engine: engine([{ running: false, status: 'exited', exitCode: 0 }]), strategy: strategy([false]) })),
    );
    expect(error.detail).toBe('container exited with code 0 while waiting for readiness');
  });

  it('stops at once on a fatal check result', async () => {
    const check = strategy([{ ok: false, fatal: true, detail: 'no healthcheck' }]);
    const error = await failure(waitForReadiness(options({ strategy: check })));
    expect(error.detail).toBe('no healthcheck');
    expect(check.calls).toBe(1);
  });

  it('an abort ends the wait with the signal reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const pending = waitForReadiness(
      options({
        strategy: strategy([false]),
        signal: controller.signal,
        plan: { strategy: { type: 'auto' }, timeoutMs: 60_000, settleMs: 0 },
      }),
    );
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });
});
