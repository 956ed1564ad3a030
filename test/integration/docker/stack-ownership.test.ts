/**
 * What belongs to whom: a foreign container holding our port or our name, foreign and external
 * networks and volumes, orphans, and volumes that cleanup keeps unless asked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OwnershipError } from '../../../core/errors.js';
import { StackUpError } from '../../../docker/errors.js';
import type { ProjectModel } from '../../../docker/types.js';
import { BUSYBOX_IMAGE, TEST_LABEL, testDocker } from '../../support/docker.js';
import { forceRemoveProject, leftovers, plan, project, service, testStack } from './fixtures.js';

const created: ProjectModel[] = [];
const foreign: { kind: 'container' | 'network' | 'volume'; name: string }[] = [];
afterEach(async () => {
  const docker = testDocker();
  for (const model of created.splice(0)) {
    await (await testStack(model)).down({ removeVolumes: true });
    await forceRemoveProject(model.name);
  }
  for (const item of foreign.splice(0)) {
    if (item.kind === 'container')
      await docker
        .getContainer(item.name)
        .remove({ force: true, v: true })
        .catch(() => undefined);
    if (item.kind === 'network')
      await docker
        .getNetwork(item.name)
        .remove()
        .catch(() => undefined);
    if (item.kind === 'volume')
      await docker
        .getVolume(item.name)
        .remove()
        .catch(() => undefined);
  }
});

/** A container that is not etl-cycle's (only the suite's cleanup label). */
async function startForeignContainer(
  name: string,
  publish?: { containerPort: number; hostPort?: number },
): Promise<{ id: string; hostPort?: number }> {
  const docker = testDocker();
  foreign.push({ kind: 'container', name });
  const container = await docker.createContainer({
    name,
    Image: BUSYBOX_IMAGE,
    Cmd: ['sleep', '300'],
    Labels: { [TEST_LABEL]: '1' },
    ExposedPorts: publish ? { [`${publish.containerPort}/tcp`]: {} } : undefined,
    HostConfig: publish
      ? { PortBindings: { [`${publish.containerPort}/tcp`]: [{ HostPort: publish.hostPort ? String(publish.hostPort) : '' }] } }
      : undefined,
  });
  await container.start();
  const info = await container.inspect();
  const hostPort = publish ? Number(info.NetworkSettings.Ports[`${publish.containerPort}/tcp`]?.[0]?.HostPort) : undefined;
  return { id: container.id, hostPort };
}

describe('ownership', () => {
  it('a port held by a foreign container fails the start with the engine message, and port holders name it', async () => {
    const holder = await startForeignContainer(`etl-cycle-test-holder-${process.pid}`, { containerPort: 80 });
    const model = project('port', [
      service('db', {
        command: ['sleep', '300'],
        ports: [{ containerPort: 5432, protocol: 'tcp', published: true, hostPort: holder.hostPort }],
      }),
    ]);
    created.push(model);
    const stack = await testStack(model);
    const error = await stack.up({ readiness: { db: plan({ type: 'none' }) } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StackUpError);
    expect(error).toMatchObject({ service: 'db', stage: 'start' });
    expect((error as StackUpError).detail).toMatch(
      new RegExp(`Bind for 0\\.0\\.0\\.0:${holder.hostPort} failed: port is already allocated`),
    );
    expect(await stack.findPortHolders(holder.hostPort!)).toEqual([
      {
        port: holder.hostPort,
        containerName: `etl-cycle-test-holder-${process.pid}`,
        containerId: holder.id,
        ours: false,
        project: undefined,
        service: undefined,
      },
    ]);
  });

  it('a foreign container under our container name stops up with OwnershipError and is left untouched', async () => {
    const model = project('clash', [service('web', { command: ['sleep', '300'] })]);
    created.push(model);
    const squatter = await startForeignContainer(`${model.name}-web-1`);
    const stack = await testStack(model);
    const error = await stack.up({ readiness: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OwnershipError);
    expect(error).toMatchObject({ code: 'E_OWNERSHIP', resourceKind: 'container', resourceName: `${model.name}-web-1` });
    expect((error as Error).message).toContain('etl-cycle will not touch it');
    // Not stopped, not removed, not replaced: by cleanup and down neither.
    await stack.cleanup({ removeVolumes: true, removeOrphans: true });
    await stack.down({ removeVolumes: true });
    const info = await testDocker().getContainer(`${model.name}-web-1`).inspect();
    expect(info.Id).toBe(squatter.id);
    expect(info.State.Running).toBe(true);
  });

  it('a foreign volume under our volume name stops up with OwnershipError', async () => {
    const model = project(
      'vol-clash',
      [service('db', { command: ['sleep', '300'], volumes: [{ type: 'volume', source: 'data', target: '/data', readOnly: false }] })],
      { volumes: [{ key: 'data', name: '', external: false, labels: {} }] },
    );
    created.push(model);
    foreign.push({ kind: 'volume', name: `${model.name}_data` });
    await testDocker().createVolume({ Name: `${model.name}_data`, Labels: { [TEST_LABEL]: '1' } });
    const error = await (await testStack(model)).up({ readiness: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'E_OWNERSHIP', resourceKind: 'volume', resourceName: `${model.name}_data` });
  });

  it('cleanup keeps named volumes and orphans unless asked; external networks are used and never removed', async () => {
    const docker = testDocker();
    const externalName = `etl-cycle-test-ext-${process.pid}`;
    foreign.push({ kind: 'network', name: externalName });
    await docker.createNetwork({ Name: externalName, Labels: { [TEST_LABEL]: '1' } });
    const networks = [
      { key: 'default', name: '', external: false, labels: {} },
      { key: 'shared', name: externalName, external: true, labels: {} },
    ];
    const volumes = [{ key: 'data', name: '', external: false, labels: {} }];
    const db = service('db', {
      command: ['sleep', '300'],
      networks: ['default', 'shared'],
      volumes: [
        { type: 'volume', source: 'data', target: '/data', readOnly: false },
        { type: 'volume', target: '/scratch', readOnly: false },
      ],
    });
    const model = project('cleanup', [db, service('old', { command: ['sleep', '300'] })], { networks, volumes });
    created.push(model);
    await (await testStack(model)).up({ readiness: { db: plan({ type: 'none' }), old: plan({ type: 'none' }) } });
    const dbInfo = await docker.getContainer(`${model.name}-db-1`).inspect();
    expect(Object.keys(dbInfo.NetworkSettings.Networks).sort()).toEqual([`${model.name}_default`, externalName].sort());
    const anonymous = dbInfo.Mounts.find((m) => m.Destination === '/scratch')?.Name;
    expect(anonymous).toMatch(/^[0-9a-f]{64}$/);

    // The next model has no `old` any more: its container is an orphan.
    const next: ProjectModel = { ...model, services: [db] };
    const stack = await testStack(next);
    const kept = await stack.cleanup({ removeVolumes: false, removeOrphans: false });
    expect(kept.orphansKept.map((r) => r.name)).toEqual([`${model.name}-old-1`]);
    expect(kept.removed.map((r) => `${r.kind}:${r.name}`)).toEqual([`container:${model.name}-db-1`]);
    // The default network stays while the kept orphan is attached to it.
    expect(await leftovers(model.name)).toEqual({
      containers: [`${model.name}-old-1`],
      networks: [`${model.name}_default`],
      volumes: [`${model.name}_data`],
    });
    await expect(docker.getVolume(anonymous!).inspect()).rejects.toMatchObject({ statusCode: 404 });

    const all = await stack.cleanup({ removeVolumes: true, removeOrphans: true });
    expect(all.orphansKept).toEqual([]);
    expect(all.removed.map((r) => `${r.kind}:${r.name}`).sort()).toEqual([
      `container:${model.name}-old-1`,
      `network:${model.name}_default`,
      `volume:${model.name}_data`,
    ]);
    expect(await leftovers(model.name)).toEqual({ containers: [], networks: [], volumes: [] });
    expect((await docker.getNetwork(externalName).inspect()).Name).toBe(externalName);
  });

  it('a second up replaces our own container and reuses our volume, data included', async () => {
    const model = project(
      'again',
      [service('db', { command: ['sleep', '300'], volumes: [{ type: 'volume', source: 'data', target: '/data', readOnly: false }] })],
      { volumes: [{ key: 'data', name: '', external: false, labels: {} }] },
    );
    created.push(model);
    const stack = await testStack(model);
    const first = await stack.up({ readiness: { db: plan({ type: 'none' }) } });
    await stack.exec('db', ['sh', '-c', 'echo kept > /data/file']);
    const second = await stack.up({ readiness: { db: plan({ type: 'none' }) } });
    expect(second.services[0]!.containerId).not.toBe(first.services[0]!.containerId);
    expect((await stack.exec('db', ['cat', '/data/file'])).output).toBe('kept\n');
    expect(await leftovers(model.name)).toEqual({
      containers: [`${model.name}-db-1`],
      networks: [`${model.name}_default`],
      volumes: [`${model.name}_data`],
    });
  });

  it('a missing external network fails up at stage network in Compose words', async () => {
    const model = project('ext-missing', [service('web', { command: ['sleep', '300'], networks: ['outside'] })], {
      networks: [{ key: 'outside', name: `etl-cycle-test-nowhere-${process.pid}`, external: true, labels: {} }],
    });
    created.push(model);
    const error = await (await testStack(model)).up({ readiness: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      service: 'web',
      stage: 'network',
      detail: `network etl-cycle-test-nowhere-${process.pid} declared as external, but could not be found`,
    });
  });
});
