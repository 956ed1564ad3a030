/**
 * Converging on the real engine: what is current, running and healthy keeps its container; a
 * changed or dead service is recreated with what depends on it; stops honour stop_signal and
 * stop_grace_period, and skip the grace when the data goes anyway. Timing bounds here are loose
 * (a loaded 2-core machine); the benchmark measures them precisely.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectModel, ServiceModel, StackOperations } from '../../../docker/types.js';
import { testDocker } from '../../support/docker.js';
import { forceRemoveProject, leftovers, plan, project, service, testStack } from './fixtures.js';

const created: ProjectModel[] = [];
afterEach(async () => {
  for (const model of created.splice(0)) {
    await (await testStack(model)).down({ removeVolumes: true });
    expect(await leftovers(model.name)).toEqual({ containers: [], networks: [], volumes: [] });
    await forceRemoveProject(model.name);
  }
});

const MiB = 1024 * 1024;
const none = plan({ type: 'none' });
/** A shell that waits for nothing: as PID 1 it ignores SIGTERM, so only SIGKILL after the grace period stops it. */
const ignoresSigterm = ['sh', '-c', 'while true; do sleep 1; done'];

async function converge(stack: StackOperations, overrides: Parameters<StackOperations['planConvergence']>[0]) {
  const readiness = Object.fromEntries(stack.project.services.map((s) => [s.name, none]));
  const convergence = await stack.planConvergence({ readiness, ...overrides });
  return stack.up({ readiness, convergence });
}

const ids = (result: { services: { service: string; containerId?: string }[] }) =>
  Object.fromEntries(result.services.map((s) => [s.service, s.containerId]));
const actions = (result: { changes: { service: string; action: string }[] }) =>
  Object.fromEntries(result.changes.map((c) => [c.service, c.action]));

describe('converge', () => {
  it('keeps an unchanged running service (same container id) and recreates the one whose memory limit the plan raised, with its dependents', async () => {
    const model = project('conv-keep', [
      service('store', { command: ['sleep', '300'], healthcheck: { test: ['CMD', 'true'], intervalMs: 500 } }),
      service('transform', { command: ['sleep', '300'], memLimitBytes: 32 * MiB }),
      service('api', {
        command: ['sleep', '300'],
        dependsOn: [{ service: 'transform', condition: 'service_started', required: true }],
      }),
    ]);
    created.push(model);
    const stack = await testStack(model);
    const first = await converge(stack, { recreate: 'all', recreateReason: 'clean slate' });
    expect(actions(first)).toEqual({ store: 'create', transform: 'create', api: 'create' });
    // Give the healthcheck time to say healthy: a kept service must be healthy, not just running.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const second = await converge(stack, { recreate: 'changed', memoryOverrides: { transform: 64 * MiB } });
    expect(second.changes).toEqual([
      { service: 'store', action: 'keep', reason: 'unchanged, running and healthy' },
      { service: 'transform', action: 'recreate', reason: 'memory limit 32 MiB → 64 MiB' },
      { service: 'api', action: 'recreate', reason: 'depends on transform, which is recreated' },
    ]);
    expect(ids(second).store).toBe(ids(first).store);
    expect(ids(second).transform).not.toBe(ids(first).transform);
    expect(ids(second).api).not.toBe(ids(first).api);
    const transform = await testDocker().getContainer(ids(second).transform!).inspect();
    expect(transform.HostConfig.Memory).toBe(64 * MiB);
    expect(second.removed.map((r) => r.id).sort()).toEqual([ids(first).transform, ids(first).api].sort());

    // Nothing changed since: everything is kept, and running containers are not restarted.
    const third = await converge(stack, { recreate: 'changed', memoryOverrides: { transform: 64 * MiB } });
    expect(actions(third)).toEqual({ store: 'keep', transform: 'keep', api: 'keep' });
    expect(ids(third)).toEqual(ids(second));

    // A container that died is recreated, and so is what depends on it.
    await testDocker().getContainer(ids(third).transform!).kill();
    const fourth = await converge(stack, { recreate: 'changed', memoryOverrides: { transform: 64 * MiB } });
    expect(fourth.changes.map((c) => [c.service, c.action, c.reason])).toEqual([
      ['store', 'keep', 'unchanged, running and healthy'],
      ['transform', 'recreate', 'exited with code 137'],
      ['api', 'recreate', 'depends on transform, which is recreated'],
    ]);
  });

  it('stops a SIGTERM-ignoring container after its stop_grace_period of 1 s, not the engine’s 10 s', async () => {
    const model = project('conv-grace', [service('stubborn', { command: ignoresSigterm, stopGracePeriodMs: 1_000 })]);
    created.push(model);
    const stack = await testStack(model);
    await converge(stack, { recreate: 'all' });
    const began = performance.now();
    const removed = await stack.cleanup({ removeVolumes: false, removeOrphans: false });
    const seconds = (performance.now() - began) / 1000;
    expect(removed.removed.map((r) => r.kind)).toContain('container');
    // ~1 s of grace plus engine calls; far below the 10 s the engine waits without one.
    expect(seconds).toBeGreaterThanOrEqual(0.9);
    expect(seconds).toBeLessThan(6);
  });

  it('stops with the stop_signal the service names', async () => {
    // Exits cleanly on SIGUSR1 only; SIGTERM is ignored (PID 1), so the default signal would take the whole grace.
    const model = project('conv-signal', [
      service('graceful', {
        command: ['sh', '-c', 'trap "echo bye; exit 0" USR1; while true; do sleep 0.2; done'],
        stopSignal: 'SIGUSR1',
        stopGracePeriodMs: 20_000,
      }),
    ]);
    created.push(model);
    const stack = await testStack(model);
    const { services } = await converge(stack, { recreate: 'all' });
    const id = services[0]!.containerId!;
    const config = (await testDocker().getContainer(id).inspect()).Config as { StopSignal?: string };
    expect(config.StopSignal).toBe('SIGUSR1');
    const began = performance.now();
    await testDocker().getContainer(id).stop();
    const state = (await testDocker().getContainer(id).inspect()).State;
    expect(state.ExitCode).toBe(0);
    expect((performance.now() - began) / 1000).toBeLessThan(10);
  });

  it('drops the volumes a plan asks to drop: their containers are killed at once, the others kept', async () => {
    const data: ServiceModel['volumes'] = [{ type: 'volume', source: 'data', target: '/data', readOnly: false }];
    const model = project(
      'conv-volumes',
      [
        service('db', { command: ignoresSigterm, volumes: data, stopGracePeriodMs: 30_000 }),
        service('cache', { command: ['sleep', '300'] }),
      ],
      { volumes: [{ key: 'data', name: '', external: false, labels: {} }] },
    );
    created.push(model);
    const stack = await testStack(model);
    const first = await converge(stack, { recreate: 'all' });
    await stack.exec('db', ['sh', '-c', 'echo old > /data/marker']);

    const began = performance.now();
    const second = await converge(stack, { recreate: 'changed', removeVolumes: true });
    const seconds = (performance.now() - began) / 1000;
    expect(second.changes.map((c) => [c.service, c.action, c.reason])).toEqual([
      ['db', 'recreate', 'its data volume is dropped (fresh volumes)'],
      ['cache', 'keep', 'unchanged and running'],
    ]);
    expect(ids(second).cache).toBe(ids(first).cache);
    expect(second.removed.map((r) => `${r.kind}:${r.name}`)).toEqual([`container:${model.name}-db-1`, `volume:${model.name}_data`]);
    expect((await stack.exec('db', ['sh', '-c', 'ls /data'])).output).toBe('');
    // Its 30 s grace was not waited out.
    expect(seconds).toBeLessThan(15);
  });
});
