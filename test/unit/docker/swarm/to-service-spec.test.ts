/** A Compose service as a Swarm service spec, the way docker stack deploy converts it. */
import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../../../docker/engine/swarm-client.js';
import { representativeTask, tasksBySlot, toTaskContainerState } from '../../../../docker/swarm/task-states.js';
import { desiredReplicas, toServiceSpec } from '../../../../docker/swarm/to-service-spec.js';
import { describeTaskFailure } from '../../../../docker/swarm/wait-for-replicas.js';
import type { ProjectModel, ServiceModel } from '../../../../docker/types.js';

const base: ServiceModel = {
  name: 'web',
  image: 'nginx:1',
  environment: { A: '1' },
  ports: [
    { containerPort: 80, protocol: 'tcp', hostPort: 8080, published: true },
    { containerPort: 9000, protocol: 'tcp', published: false },
  ],
  volumes: [
    { type: 'volume', source: 'data', target: '/data', readOnly: false },
    { type: 'volume', source: 'shared', target: '/shared', readOnly: true },
    { type: 'bind', source: '/srv/conf', target: '/conf', readOnly: true },
    { type: 'tmpfs', target: '/tmp', readOnly: false },
  ],
  dependsOn: [],
  labels: { role: 'frontend' },
  networks: ['default', 'back'],
  aliases: ['www'],
  extraHosts: ['db.local:10.0.0.9', 'v6:::1'],
  tty: false,
  stdinOpen: false,
  disabled: false,
  command: ['serve', '--port', '80'],
  entrypoint: ['/entry.sh'],
  stopGracePeriodMs: 1500,
  healthcheck: { test: ['CMD', 'true'], intervalMs: 1000, retries: 3 },
};
const project: ProjectModel = {
  name: 'shop',
  workingDir: '/x',
  services: [base],
  networks: [],
  volumes: [
    { key: 'data', name: 'shop_data', external: false, labels: {} },
    { key: 'shared', name: 'common-shared', external: true, labels: {} },
  ],
};
const init = { labels: { s: '1' }, containerLabels: { c: '1' }, volumeLabels: (key: string) => ({ v: key }), oneShot: false };

describe('toServiceSpec', () => {
  it('maps the container settings as docker stack deploy does', () => {
    const spec = toServiceSpec(project, base, { ...init, memLimitBytes: 1024 });
    expect(spec).toMatchObject({
      name: 'shop_web',
      image: 'nginx:1',
      command: ['/entry.sh'],
      args: ['serve', '--port', '80'],
      env: ['A=1'],
      labels: { s: '1' },
      containerLabels: { c: '1' },
      hosts: ['10.0.0.9 db.local', '::1 v6'],
      stopGracePeriodNs: 1_500_000_000,
      healthcheck: { test: ['CMD', 'true'], intervalNs: 1_000_000_000, retries: 3 },
      networks: [
        { target: 'shop_default', aliases: ['web', 'www'] },
        { target: 'shop_back', aliases: ['web', 'www'] },
      ],
      mode: { kind: 'replicated', replicas: 1 },
      limits: { memoryBytes: 1024 },
      endpointMode: 'vip',
      ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }],
    });
    expect(spec.mounts).toEqual([
      { type: 'volume', source: 'shop_data', target: '/data', readOnly: false, volumeLabels: { v: 'data' } },
      { type: 'volume', source: 'common-shared', target: '/shared', readOnly: true },
      { type: 'bind', source: '/srv/conf', target: '/conf', readOnly: true },
      { type: 'tmpfs', source: undefined, target: '/tmp', readOnly: false },
    ]);
    expect(spec.restartPolicy).toBeUndefined();
  });

  it('maps deploy: and falls back to restart: and to "none" for one-shot services', () => {
    const deployed: ServiceModel = {
      ...base,
      deploy: {
        mode: 'replicated',
        replicas: 3,
        cpusLimit: 0.5,
        pidsLimit: 50,
        cpusReservation: 0.25,
        memoryReservationBytes: 512,
        restartPolicy: { condition: 'on-failure', delayMs: 5000, maxAttempts: 2 },
        placement: { constraints: ['node.role == manager'], preferences: ['node.labels.zone'], maxReplicasPerNode: 2 },
        updateConfig: { parallelism: 2, delayMs: 1000, order: 'start-first', failureAction: 'rollback' },
        endpointMode: 'dnsrr',
        labels: {},
        locations: {},
      },
    };
    expect(toServiceSpec(project, deployed, init)).toMatchObject({
      mode: { kind: 'replicated', replicas: 3 },
      limits: { nanoCpus: 500_000_000, pids: 50 },
      reservations: { nanoCpus: 250_000_000, memoryBytes: 512 },
      restartPolicy: { condition: 'on-failure', delayNs: 5_000_000_000, maxAttempts: 2 },
      placement: { constraints: ['node.role == manager'], preferences: ['node.labels.zone'], maxReplicas: 2 },
      updateConfig: { parallelism: 2, delayNs: 1_000_000_000, order: 'start-first', failureAction: 'rollback' },
      endpointMode: 'dnsrr',
    });
    expect(toServiceSpec(project, { ...base, restart: 'on-failure:4' }, init).restartPolicy).toEqual({
      condition: 'on-failure',
      maxAttempts: 4,
    });
    expect(toServiceSpec(project, { ...base, restart: 'no' }, init).restartPolicy).toEqual({ condition: 'none' });
    expect(toServiceSpec(project, { ...base, restart: 'unless-stopped' }, init).restartPolicy).toEqual({ condition: 'any' });
    expect(toServiceSpec(project, base, { ...init, oneShot: true }).restartPolicy).toEqual({ condition: 'none' });
    const global = { ...base, deploy: { mode: 'global' as const, labels: {}, locations: {} } };
    expect(toServiceSpec(project, global, init).mode).toEqual({ kind: 'global' });
    expect(desiredReplicas(global)).toBeUndefined();
    expect(desiredReplicas(base)).toBe(1);
  });
});

const task = (over: Partial<TaskInfo>): TaskInfo => ({
  id: 't1',
  serviceId: 's',
  slot: 1,
  nodeId: 'n1',
  desiredState: 'running',
  state: 'running',
  message: '',
  exitCode: null,
  timestamp: '2026-01-01T00:00:01Z',
  addresses: [],
  ...over,
});

describe('task states', () => {
  const failed = task({
    id: 'old',
    state: 'failed',
    desiredState: 'shutdown',
    exitCode: 137,
    error: 'task: non-zero exit (137)',
    containerId: 'c-old',
    timestamp: '2026-01-01T00:00:01Z',
  });
  const starting = task({ id: 'new', state: 'starting', timestamp: '2026-01-01T00:00:05Z', containerId: 'c-new' });

  it('a slot speaks through its failed task until a replacement runs', () => {
    const slot = tasksBySlot([failed, starting]).get('slot:1')!;
    expect(slot.map((t) => t.id)).toEqual(['new', 'old']);
    expect(representativeTask(slot)?.id).toBe('old');
    expect(representativeTask([task({ id: 'ok', timestamp: '2026-01-01T00:00:09Z' }), failed])?.id).toBe('ok');
    expect(tasksBySlot([task({ slot: undefined, nodeId: 'a' }), task({ slot: undefined, nodeId: 'b' })]).size).toBe(2);
  });

  it('exit and error from the task, OOM from its container, restarts counted in the slot', () => {
    const container = { name: 'shop_web.1.old', state: { oomKilled: true, running: false, exitCode: 137 } } as never;
    expect(toTaskContainerState('web', 'shop_web', failed, [starting, failed], container, 16 * 1024 ** 2)).toEqual({
      service: 'web',
      containerName: 'shop_web.1.old',
      containerId: 'c-old',
      running: false,
      status: 'failed',
      exitCode: 137,
      oomKilled: true,
      error: 'task: non-zero exit (137)',
      restartCount: 0,
      memLimitBytes: 16 * 1024 ** 2,
    });
    // Container on another node: only the task's facts.
    expect(toTaskContainerState('web', 'shop_web', failed, [failed], undefined, undefined)).toMatchObject({
      containerName: 'shop_web.1.old',
      oomKilled: false,
      exitCode: 137,
    });
    expect(describeTaskFailure('shop_web', failed, true)).toBe(
      'task shop_web.1.old failed while waiting for readiness: task: non-zero exit (137), exit code 137, OOMKilled (out of memory)',
    );
    expect(describeTaskFailure('shop_web', task({ state: 'rejected', error: 'No such image: x' }), false)).toBe(
      'task shop_web.1.t1 was rejected while waiting for readiness: No such image: x',
    );
  });
});
