import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import type { EngineClient } from '../../../docker/engine/engine-client.js';
import { LABELS } from '../../../docker/labels.js';
import { desiredContainer } from '../../../docker/stack/desired-container.js';
import type { StackContext } from '../../../docker/stack/stack-context.js';
import type { ServiceModel } from '../../../docker/types.js';
import { project, service } from './model.js';

function context(executionId: string, version = '1.0.0'): StackContext {
  return {
    engine: {} as EngineClient,
    project: project('shop', [], { networks: [{ key: 'backend', name: 'shop_backend', external: false, labels: {} }] }),
    executionId,
    extraLabels: { team: 'data' },
    logger: silentLogger(),
    version,
    portProbe: 'from-host',
  };
}

const hashOf = (model: ServiceModel, memLimitBytes?: number, imageId = 'sha256:aaa', ctx = context('run-1')) =>
  desiredContainer(ctx, model, memLimitBytes, imageId).configHash;

describe('the config hash of a container definition', () => {
  const base = service('db', { environment: { A: '1', B: '2' }, command: ['postgres'] });

  it('is the same for the same definition, whatever the environment order, the run or the version', () => {
    expect(hashOf(service('db', { environment: { B: '2', A: '1' }, command: ['postgres'] }))).toBe(hashOf(base));
    expect(hashOf(base, undefined, 'sha256:aaa', context('run-2', '2.0.0'))).toBe(hashOf(base));
  });

  it('changes with everything that makes the container: image id, command, environment, ports, mounts, limits, healthcheck, stop signal, networks', () => {
    const variants: ServiceModel[] = [
      service('db', { ...base, command: ['postgres', '-c', 'fsync=off'] }),
      service('db', { ...base, environment: { A: '1', B: '3' } }),
      service('db', { ...base, ports: [{ containerPort: 5432, protocol: 'tcp', published: true, hostPort: 15432 }] }),
      service('db', { ...base, volumes: [{ type: 'volume', source: 'data', target: '/data', readOnly: false }] }),
      service('db', { ...base, healthcheck: { test: ['CMD', 'pg_isready'], intervalMs: 1000 } }),
      service('db', { ...base, stopSignal: 'SIGINT' }),
      service('db', { ...base, stopGracePeriodMs: 1000 }),
      service('db', { ...base, networks: ['default', 'backend'] }),
      service('db', { ...base, labels: { tier: 'warehouse' } }),
    ];
    const hashes = new Set([hashOf(base), ...variants.map((v) => hashOf(v))]);
    expect(hashes.size).toBe(variants.length + 1);
    expect(hashOf(base, 64 * 1024 * 1024)).not.toBe(hashOf(base, 128 * 1024 * 1024));
    expect(hashOf(base, undefined, 'sha256:bbb')).not.toBe(hashOf(base));
  });

  it('labels the container with it, next to the run-specific labels it leaves out', () => {
    const desired = desiredContainer(context('run-1'), base, undefined, 'sha256:aaa');
    expect(desired.spec.labels).toMatchObject({
      team: 'data',
      [LABELS.execution]: 'run-1',
      [LABELS.service]: 'db',
      [LABELS.configHash]: desired.configHash,
    });
    expect(desired.configHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
