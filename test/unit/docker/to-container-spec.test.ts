import { describe, expect, it } from 'vitest';
import { toContainerSpec } from '../../../docker/stack/to-container-spec.js';
import { project, service } from './model.js';

describe('toContainerSpec', () => {
  const model = project('shop', [], {
    networks: [
      { key: 'backend', name: 'shop_backend', external: false, labels: {} },
      { key: 'edge', name: 'corp-edge', external: true, labels: {} },
    ],
    volumes: [
      { key: 'pgdata', name: 'shop_pgdata', external: false, labels: {} },
      { key: 'legacy', name: '', external: false, labels: {} },
    ],
  });

  it('maps a service the way the engine takes it', () => {
    const spec = toContainerSpec(
      model,
      service('db', {
        image: 'postgres:15',
        command: ['postgres', '-c', 'fsync=off'],
        environment: { POSTGRES_PASSWORD: 'pw', EMPTY: '' },
        ports: [
          { containerPort: 5432, protocol: 'tcp', published: true, hostPort: 15432, hostIp: '127.0.0.1' },
          { containerPort: 9187, protocol: 'tcp', published: true },
          { containerPort: 8125, protocol: 'udp', published: false },
        ],
        volumes: [
          { type: 'volume', source: 'pgdata', target: '/var/lib/postgresql/data', readOnly: false },
          { type: 'volume', source: 'legacy', target: '/legacy', readOnly: true },
          { type: 'volume', target: '/scratch', readOnly: false },
          { type: 'bind', source: '/srv/init', target: '/docker-entrypoint-initdb.d', readOnly: true },
          { type: 'tmpfs', target: '/run', readOnly: false },
        ],
        healthcheck: { test: ['CMD-SHELL', 'pg_isready'], intervalMs: 1_500, timeoutMs: 5_000, retries: 5, startPeriodMs: 10_000 },
        networks: ['backend', 'edge'],
        aliases: ['postgres'],
        restart: 'on-failure:3',
        stopGracePeriodMs: 1_500,
        stopSignal: 'SIGINT',
        user: '999:999',
      }),
      { name: 'shop-db-1', labels: { a: 'b' }, memLimitBytes: 256 * 1024 * 1024 },
    );

    expect(spec).toMatchObject({
      name: 'shop-db-1',
      image: 'postgres:15',
      cmd: ['postgres', '-c', 'fsync=off'],
      env: ['POSTGRES_PASSWORD=pw', 'EMPTY='],
      labels: { a: 'b' },
      memoryBytes: 268_435_456,
      user: '999:999',
      restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
      stopTimeoutSeconds: 2,
      stopSignal: 'SIGINT',
      // Created on its first network; the others are joined after creation.
      network: { name: 'shop_backend', aliases: ['db', 'postgres'] },
      healthcheck: {
        test: ['CMD-SHELL', 'pg_isready'],
        intervalNs: 1_500_000_000,
        timeoutNs: 5_000_000_000,
        retries: 5,
        startPeriodNs: 10_000_000_000,
      },
    });
    expect(spec.exposedPorts).toEqual([
      { port: 5432, protocol: 'tcp' },
      { port: 9187, protocol: 'tcp' },
      { port: 8125, protocol: 'udp' },
    ]);
    expect(spec.portBindings).toEqual([
      { containerPort: 5432, protocol: 'tcp', hostPort: 15432, hostIp: '127.0.0.1' },
      { containerPort: 9187, protocol: 'tcp', hostPort: undefined, hostIp: undefined },
    ]);
    expect(spec.mounts).toEqual([
      { type: 'volume', source: 'shop_pgdata', target: '/var/lib/postgresql/data', readOnly: false },
      { type: 'volume', source: 'shop_legacy', target: '/legacy', readOnly: true },
      { type: 'volume', source: undefined, target: '/scratch', readOnly: false },
      { type: 'bind', source: '/srv/init', target: '/docker-entrypoint-initdb.d', readOnly: true },
      { type: 'tmpfs', source: undefined, target: '/run', readOnly: false },
    ]);
  });

  it('puts a service without networks on the project default network, and reads plain restart policies', () => {
    const spec = toContainerSpec(model, service('web', { restart: 'unless-stopped' }), { name: 'shop-web-1', labels: {} });
    expect(spec.network).toEqual({ name: 'shop_default', aliases: ['web'] });
    expect(spec.restartPolicy).toEqual({ name: 'unless-stopped' });
    expect(spec.stopTimeoutSeconds).toBeUndefined();
    expect(spec.memoryBytes).toBeUndefined();
  });
});
