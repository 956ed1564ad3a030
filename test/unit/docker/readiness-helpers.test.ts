import { describe, expect, it } from 'vitest';
import type { ContainerInfo } from '../../../docker/engine/engine-client.js';
import { defaultReadinessPlan } from '../../../docker/readiness/default-readiness-plan.js';
import { publishedAddress } from '../../../docker/readiness/published-address.js';
import { service } from './model.js';

function container(publishedPorts: ContainerInfo['publishedPorts']): ContainerInfo {
  return {
    id: 'c1',
    name: 'p-web-1',
    image: 'img',
    imageId: 'sha256:img',
    labels: {},
    restartCount: 0,
    tty: false,
    exposedPorts: [],
    publishedPorts,
    networks: [],
    state: { status: 'running', running: true, exitCode: null, oomKilled: false },
  };
}

describe('publishedAddress', () => {
  const bound = container([
    { containerPort: 5432, protocol: 'tcp', hostPort: 15432, hostIp: '0.0.0.0' },
    { containerPort: 5432, protocol: 'tcp', hostPort: 15432, hostIp: '::' },
    { containerPort: 8080, protocol: 'tcp', hostPort: 18080, hostIp: '127.0.0.2' },
  ]);

  it('uses loopback for a local engine, or the address the port is bound to', () => {
    expect(publishedAddress(bound, 5432, 'unix:///var/run/docker.sock')).toEqual({ host: '127.0.0.1', port: 15432 });
    expect(publishedAddress(bound, 8080, 'unix:///var/run/docker.sock')).toEqual({ host: '127.0.0.2', port: 18080 });
  });

  it('uses the engine host for a remote engine', () => {
    expect(publishedAddress(bound, 5432, 'http://build-box:2375')).toEqual({ host: 'build-box', port: 15432 });
    expect(publishedAddress(bound, 5432, 'ssh://ci@[fd00::5]:22')).toEqual({ host: 'fd00::5', port: 15432 });
  });

  it('is undefined for a port that is not published', () => {
    expect(publishedAddress(bound, 9999, 'unix:///var/run/docker.sock')).toBeUndefined();
  });
});

describe('defaultReadinessPlan', () => {
  it('waits for completion of a one-shot others need completed, and is auto otherwise', () => {
    const services = [
      service('migrate'),
      service('app', {
        dependsOn: [
          { service: 'migrate', condition: 'service_completed_successfully', required: true },
          { service: 'db', condition: 'service_healthy', required: true },
        ],
      }),
      service('db'),
    ];
    expect(defaultReadinessPlan(services[0]!, services).strategy).toEqual({ type: 'completed' });
    expect(defaultReadinessPlan(services[2]!, services)).toEqual({ strategy: { type: 'auto' }, timeoutMs: 60_000, settleMs: 0 });
  });
});
