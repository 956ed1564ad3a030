/** Keep or recreate: desired hashes + observed containers + what the plan asks → one change per service, with its reason. */
import { describe, expect, it } from 'vitest';
import { containerStateProblem, decideConvergence } from '../../../docker/stack/decide-convergence.js';
import type { DesiredService, ObservedContainer, ObservedState } from '../../../docker/stack/decide-convergence.js';

const MiB = 1024 * 1024;

function desired(name: string, overrides: Partial<DesiredService> = {}): DesiredService {
  return {
    name,
    configHash: `hash-${name}`,
    imageId: 'sha256:111111111111aaaa',
    memLimitBytes: undefined,
    dependsOn: [],
    losesVolume: false,
    oneShot: false,
    ...overrides,
  };
}

const running: ObservedState = { running: true, status: 'running', exitCode: null, oomKilled: false, health: 'none' };

function observed(
  service: DesiredService,
  overrides: Partial<ObservedContainer> = {},
  state: Partial<ObservedState> = {},
): ObservedContainer {
  return {
    id: `id-${service.name}`,
    name: `p-${service.name}-1`,
    configHash: service.configHash,
    imageId: service.imageId ?? 'sha256:111111111111aaaa',
    memLimitBytes: service.memLimitBytes,
    state: { ...running, ...state },
    ...overrides,
  };
}

function decide(services: DesiredService[], containers: ObservedContainer[][], recreateAll?: string) {
  const observedByService = new Map(services.map((s, i) => [s.name, containers[i] ?? []]));
  return Object.fromEntries(
    decideConvergence({ services, observed: observedByService, recreateAll }).map((c) => [c.service, [c.action, c.reason]]),
  );
}

describe('decideConvergence', () => {
  it('keeps an unchanged service that runs, healthy or without a healthcheck, and creates the one that has no container', () => {
    const db = desired('db');
    const web = desired('web');
    const worker = desired('worker');
    expect(decide([db, web, worker], [[observed(db, {}, { health: 'healthy' })], [observed(web)], []])).toEqual({
      db: ['keep', 'unchanged, running and healthy'],
      web: ['keep', 'unchanged and running'],
      worker: ['create', 'no container yet'],
    });
  });

  it('recreates a service whose definition changed, and says what changed', () => {
    const image = desired('image', { imageId: 'sha256:222222222222bbbb' });
    const memory = desired('memory', { memLimitBytes: 64 * MiB });
    const other = desired('other');
    const legacy = desired('legacy');
    const result = decide(
      [image, memory, other, legacy],
      [
        [observed(image, { configHash: 'old', imageId: 'sha256:111111111111aaaa' })],
        [observed(memory, { configHash: 'old', memLimitBytes: 32 * MiB })],
        [observed(other, { configHash: 'old' })],
        [observed(legacy, { configHash: undefined })],
      ],
    );
    expect(result).toEqual({
      image: ['recreate', 'image changed (111111111111 → 222222222222)'],
      memory: ['recreate', 'memory limit 32 MiB → 64 MiB'],
      other: ['recreate', 'definition changed (command, environment, ports, mounts, limits, healthcheck or labels)'],
      legacy: ['recreate', 'created without a config hash (an older etl-cycle): its definition is unknown'],
    });
  });

  it('recreates an exited, OOM-killed, never started, restarting, paused or unhealthy container', () => {
    const names = ['exited', 'oom', 'created', 'restarting', 'paused', 'unhealthy'];
    const services = names.map((n) => desired(n));
    const states: Partial<ObservedState>[] = [
      { running: false, status: 'exited', exitCode: 1 },
      { running: false, status: 'exited', exitCode: 137, oomKilled: true },
      { running: false, status: 'created', exitCode: null },
      { running: true, status: 'restarting' },
      { running: true, status: 'paused' },
      { health: 'unhealthy' },
    ];
    expect(
      decide(
        services,
        services.map((s, i) => [observed(s, {}, states[i])]),
      ),
    ).toEqual({
      exited: ['recreate', 'exited with code 1'],
      oom: ['recreate', 'OOM-killed (exit 137)'],
      created: ['recreate', 'never started'],
      restarting: ['recreate', 'restarting (crash loop)'],
      paused: ['recreate', 'paused'],
      unhealthy: ['recreate', 'unhealthy'],
    });
  });

  it('keeps a one-shot service that completed with exit 0, and a service still starting', () => {
    const migrate = desired('migrate', { oneShot: true });
    const slow = desired('slow');
    const longRunning = desired('server');
    expect(
      decide(
        [migrate, slow, longRunning],
        [
          [observed(migrate, {}, { running: false, status: 'exited', exitCode: 0 })],
          [observed(slow, {}, { health: 'starting' })],
          [observed(longRunning, {}, { running: false, status: 'exited', exitCode: 0 })],
        ],
      ),
    ).toEqual({
      migrate: ['keep', 'unchanged and completed (exit 0)'],
      slow: ['keep', 'unchanged and running (health: starting)'],
      server: ['recreate', 'exited with code 0'],
    });
  });

  it('recreates everything that depends on a recreated service, down the chain, and nothing else', () => {
    // queue ← transform ← api ← report; store and metrics stand apart.
    const store = desired('store');
    const queue = desired('queue');
    const transform = desired('transform', { dependsOn: ['queue'], memLimitBytes: 64 * MiB });
    const api = desired('api', { dependsOn: ['transform', 'store'] });
    const report = desired('report', { dependsOn: ['api'] });
    const metrics = desired('metrics');
    // Listed out of dependency order on purpose: the sweep follows the graph, not the list.
    const services = [report, api, store, metrics, transform, queue];
    const containers = services.map((s) => [observed(s, s === transform ? { configHash: 'old', memLimitBytes: 32 * MiB } : {})]);
    expect(decide(services, containers)).toEqual({
      report: ['recreate', 'depends on api, which is recreated'],
      api: ['recreate', 'depends on transform, which is recreated'],
      store: ['keep', 'unchanged and running'],
      metrics: ['keep', 'unchanged and running'],
      transform: ['recreate', 'memory limit 32 MiB → 64 MiB'],
      queue: ['keep', 'unchanged and running'],
    });
  });

  it('a service whose container went missing takes its dependents with it', () => {
    const db = desired('db');
    const app = desired('app', { dependsOn: ['db'] });
    expect(decide([db, app], [[], [observed(app)]])).toEqual({
      db: ['create', 'no container yet'],
      app: ['recreate', 'depends on db, which is created'],
    });
  });

  it('recreates what mounts a dropped volume, with its dependents, and keeps the rest', () => {
    const db = desired('db', { losesVolume: true });
    const loader = desired('loader', { dependsOn: ['db'] });
    const cache = desired('cache');
    expect(decide([db, loader, cache], [[observed(db)], [observed(loader)], [observed(cache)]])).toEqual({
      db: ['recreate', 'its data volume is dropped (fresh volumes)'],
      loader: ['recreate', 'depends on db, which is recreated'],
      cache: ['keep', 'unchanged and running'],
    });
  });

  it('recreates every service on a clean slate, whatever its state, with the reason given', () => {
    const db = desired('db');
    const web = desired('web');
    expect(decide([db, web], [[observed(db)], []], 'rebuild: always')).toEqual({
      db: ['recreate', 'rebuild: always'],
      web: ['create', 'rebuild: always'],
    });
  });

  it('recreates a service that somehow has two containers', () => {
    const db = desired('db');
    expect(decide([db], [[observed(db), observed(db, { id: 'other', name: 'p-db-2' })]])).toEqual({
      db: ['recreate', '2 containers for one service'],
    });
  });
});

describe('containerStateProblem', () => {
  it('is undefined for what can be kept and names the problem otherwise', () => {
    expect(containerStateProblem(running, false)).toBeUndefined();
    expect(containerStateProblem({ ...running, health: 'healthy' }, false)).toBeUndefined();
    expect(containerStateProblem({ ...running, running: false, status: 'exited', exitCode: 0 }, true)).toBeUndefined();
    expect(containerStateProblem({ ...running, running: false, status: 'dead', exitCode: null }, false)).toBe('not running (dead)');
  });
});
