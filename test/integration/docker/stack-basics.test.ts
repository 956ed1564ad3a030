/**
 * One busybox web service through the whole lifecycle, sharing one stack across the tests that
 * only read it: up → labels, events, states, logs, exec, port holders → cleanup leaves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS, MANAGED_BY_VALUE } from '../../../docker/labels.js';
import type { StackOperations, UpResult } from '../../../docker/types.js';
import { testDocker } from '../../support/docker.js';
import { eventLog, forceRemoveProject, leftovers, plan, project, service, slowHttpd, testStack } from './fixtures.js';

describe('stack lifecycle of a busybox web service', () => {
  const model = project('basics', [
    service('web', {
      command: slowHttpd(8080, 2),
      ports: [{ containerPort: 8080, protocol: 'tcp', published: true }],
      labels: { 'com.example.team': 'data' },
      environment: { GREETING: 'hello' },
    }),
  ]);
  let stack: StackOperations;
  let result: UpResult;
  const { events, onEvent } = eventLog();

  beforeAll(async () => {
    stack = await testStack(model);
    result = await stack.up({ readiness: { web: plan({ type: 'auto' }) }, onEvent });
  });
  afterAll(async () => {
    await forceRemoveProject(model.name);
  });

  it('waits for the slow listener and reports the service ready', () => {
    expect(result.services).toHaveLength(1);
    const [web] = result.services;
    expect(web).toMatchObject({ service: 'web', containerName: `${model.name}-web-1`, ready: true });
    // The listener starts 2 s after the container: a check that passed earlier was fooled.
    expect(web!.readyAfterMs).toBeGreaterThanOrEqual(2_000);
    expect(web!.detail).toMatch(/:8080 accepting connections/);
  });

  it('reports every phase through onEvent, ending in ready', () => {
    const phases = events.filter((e) => e.service === 'web').map((e) => e.phase);
    expect(phases[0]).toBe('creating');
    expect(phases).toContain('starting');
    expect(phases).toContain('waiting');
    expect(phases.at(-1)).toBe('ready');
    const waiting = events.filter((e) => e.phase === 'waiting').map((e) => e.detail);
    expect(waiting.some((d) => /connection refused \(ECONNREFUSED\)/.test(d ?? ''))).toBe(true);
  });

  it('labels the container and the network with ownership, execution, config hash, the extra and the service labels', async () => {
    const docker = testDocker();
    const info = await docker.getContainer(`${model.name}-web-1`).inspect();
    const labels = info.Config.Labels;
    expect(labels).toMatchObject({
      [LABELS.managedBy]: MANAGED_BY_VALUE,
      [LABELS.project]: model.name,
      [LABELS.service]: 'web',
      [LABELS.execution]: 'test',
      'etl-cycle.test': '1',
      'com.example.team': 'data',
    });
    expect(labels[LABELS.configHash]).toMatch(/^[0-9a-f]{64}$/);
    expect(labels[LABELS.version]).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.Config.Env).toContain('GREETING=hello');
    const network = await docker.getNetwork(`${model.name}_default`).inspect();
    expect(network.Labels).toMatchObject({ [LABELS.project]: model.name, [LABELS.resource]: 'default', 'etl-cycle.test': '1' });
    expect(Object.values(info.NetworkSettings.Networks)[0]?.Aliases).toContain('web');
  });

  it('reports container states, logs and exec output', async () => {
    const [state] = await stack.containerStates();
    expect(state).toMatchObject({
      service: 'web',
      running: true,
      status: 'running',
      exitCode: null,
      oomKilled: false,
      health: 'none',
      restartCount: 0,
    });

    const chunks: string[] = [];
    const ok = await stack.exec('web', ['sh', '-c', 'echo "to out $GREETING"; echo "to err" >&2; exit 3'], {
      onOutput: (_s, c) => chunks.push(c),
    });
    expect(ok.exitCode).toBe(3);
    expect(ok.timedOut).toBe(false);
    expect(ok.output).toContain('to out hello');
    expect(ok.output).toContain('to err');
    expect(chunks.join('')).toBe(ok.output);

    const withEnv = await stack.exec('web', ['sh', '-c', 'echo "$X in $(pwd)"'], { env: { X: 'x1' }, workingDir: '/www' });
    expect(withEnv.output.trim()).toBe('x1 in /www');

    const timed = await stack.exec('web', ['sleep', '30'], { timeoutMs: 500 });
    expect(timed).toMatchObject({ timedOut: true, exitCode: 124 });
    // The timed-out process was killed, not left behind in the container.
    const ps = await stack.exec('web', ['ps', '-o', 'args']);
    expect(ps.output).not.toContain('sleep 30');

    const controller = new AbortController();
    const reason = new Error('stop now');
    setTimeout(() => controller.abort(reason), 300);
    await expect(stack.exec('web', ['sleep', '31'], { signal: controller.signal })).rejects.toBe(reason);
    expect((await stack.exec('web', ['ps', '-o', 'args'])).output).not.toContain('sleep 31');

    await stack.exec('web', ['sh', '-c', 'echo marker-line > /proc/1/fd/1']);
    expect(await stack.logs('web', { tailLines: 5 })).toContain('marker-line');
  });

  it('finds itself as holder of its published port', async () => {
    const docker = testDocker();
    const info = await docker.getContainer(`${model.name}-web-1`).inspect();
    const hostPort = Number(info.NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort);
    const holders = await stack.findPortHolders(hostPort);
    expect(holders).toEqual([
      expect.objectContaining({ port: hostPort, containerName: `${model.name}-web-1`, ours: true, project: model.name, service: 'web' }),
    ]);
  });

  it('cleanup removes the container and the network, and a second cleanup finds nothing', async () => {
    const first = await stack.cleanup({ removeVolumes: false, removeOrphans: false });
    expect(first.removed.map((r) => `${r.kind}:${r.name}`).sort()).toEqual([
      `container:${model.name}-web-1`,
      `network:${model.name}_default`,
    ]);
    expect(await leftovers(model.name)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(await stack.cleanup({ removeVolumes: true, removeOrphans: true })).toEqual({ removed: [], orphansKept: [] });
  });
});
