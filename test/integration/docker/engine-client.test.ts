/**
 * The dockerode EngineClient against the real engine: connecting (and failing to), error
 * mapping, logs of TTY and non-TTY containers, and the debug log of every call.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DockerError, DockerUnavailableError } from '../../../core/errors.js';
import { createLogger, silentLogger } from '../../../core/logger.js';
import { connectEngine } from '../../../docker/engine/dockerode-client.js';
import type { CreateContainerSpec, EngineClient } from '../../../docker/engine/engine-client.js';
import { BUSYBOX_IMAGE, TEST_LABEL, removeResourcesWithLabels } from '../../support/docker.js';

const runLabel = `engine-client-${process.pid}`;
const labels = { [TEST_LABEL]: runLabel };

function spec(name: string, overrides: Partial<CreateContainerSpec> = {}): CreateContainerSpec {
  return {
    name,
    image: BUSYBOX_IMAGE,
    env: [],
    labels,
    exposedPorts: [],
    portBindings: [],
    mounts: [],
    extraHosts: [],
    tty: false,
    openStdin: false,
    ...overrides,
  };
}

async function waitExit(engine: EngineClient, id: string): Promise<number> {
  return engine.waitContainer(id);
}

describe('connectEngine', () => {
  const saved = process.env.DOCKER_HOST;
  afterEach(() => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  });

  it('connects to the engine DOCKER_HOST names', async () => {
    process.env.DOCKER_HOST = 'unix:///var/run/docker.sock';
    const engine = await connectEngine({ logger: silentLogger() });
    expect(engine.endpoint).toBe('unix:///var/run/docker.sock');
    expect((await engine.version()).apiVersion).toMatch(/^1\.\d+$/);
  });

  it('fails with one line naming the endpoint and how to start an engine when none answers', async () => {
    for (const [host, shown, reason, hint] of [
      ['unix:///tmp/etl-cycle-no-such.sock', 'unix:///tmp/etl-cycle-no-such.sock', /ENOENT/, 'start one'],
      ['tcp://127.0.0.1:1', 'tcp://127.0.0.1:1', /ECONNREFUSED/, 'check that the engine runs there and that DOCKER_HOST names it'],
    ] as const) {
      process.env.DOCKER_HOST = host;
      const error = await connectEngine({ logger: silentLogger() }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DockerUnavailableError);
      const message = (error as Error).message;
      expect(message).toMatch(new RegExp(`^No Docker engine answers at ${shown.replace(/[/.]/g, '\\$&')} \\(`));
      expect(message).toMatch(reason);
      expect(message).toContain(hint);
      expect((error as DockerUnavailableError).exitCode).toBe(2);
      expect(message).not.toContain('\n');
    }
  });
});

describe('DockerodeEngineClient', () => {
  let engine: EngineClient;
  const lines: string[] = [];
  beforeAll(async () => {
    engine = await connectEngine({ logger: createLogger({ consoleLevel: 'debug', consoleWrite: (line) => lines.push(line) }) });
  });
  afterAll(async () => {
    await removeResourcesWithLabels([`${TEST_LABEL}=${runLabel}`]);
  });

  it('answers undefined for what is not there, and tolerates removing it', async () => {
    expect(await engine.inspectContainer('etl-cycle-test-no-such-container')).toBeUndefined();
    expect(await engine.inspectNetwork('etl-cycle-test-no-such-network')).toBeUndefined();
    expect(await engine.inspectVolume('etl-cycle-test-no-such-volume')).toBeUndefined();
    expect(await engine.inspectImage('etl-cycle-test/no-such-image:1')).toBeUndefined();
    await engine.removeContainer('etl-cycle-test-no-such-container', { force: true, removeVolumes: true });
    await engine.removeNetwork('etl-cycle-test-no-such-network');
    await engine.removeVolume('etl-cycle-test-no-such-volume');
  });

  it('turns engine refusals into DockerError with the engine message and status, and logs each call', async () => {
    const name = `etl-cycle-test-dup-${process.pid}`;
    await engine.createContainer(spec(name, { cmd: ['true'] }));
    const duplicate = await engine.createContainer(spec(name, { cmd: ['true'] })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(duplicate).toBeInstanceOf(DockerError);
    expect(duplicate).toMatchObject({ statusCode: 409, operation: 'create container' });
    expect((duplicate as Error).message).toMatch(
      new RegExp(`^Conflict\\. The container name "/${name}" is already in use by container "[0-9a-f]{64}"`),
    );
    const missing = await engine.startContainer('etl-cycle-test-no-such-container').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(missing).toMatchObject({ statusCode: 404, message: 'No such container: etl-cycle-test-no-such-container' });

    expect(lines).toContain(`debug: doing create container  (container=${name} image=${BUSYBOX_IMAGE})`);
    expect(lines).toContain(`debug: did create container  (container=${name} image=${BUSYBOX_IMAGE})`);
    expect(
      lines.some(
        (l) =>
          l.startsWith(`debug: create container failed: Conflict. The container name "/${name}"`) &&
          l.includes(`container=${name}`) &&
          l.includes('statusCode=409'),
      ),
    ).toBe(true);
  });

  it('reads the logs of TTY and non-TTY containers as text, stdout and stderr together', async () => {
    const script = 'echo out-1; echo err-1 >&2; echo out-2; echo "naïve €"';
    const plain = await engine.createContainer(spec(`etl-cycle-test-logs-${process.pid}`, { cmd: ['sh', '-c', script] }));
    const tty = await engine.createContainer(spec(`etl-cycle-test-tty-${process.pid}`, { cmd: ['sh', '-c', script], tty: true }));
    await engine.startContainer(plain);
    await engine.startContainer(tty);
    expect(await waitExit(engine, plain)).toBe(0);
    expect(await waitExit(engine, tty)).toBe(0);

    // The engine copies stdout and stderr separately: across the two streams, order is not kept.
    const demuxed = await engine.containerLogs(plain, { tty: false });
    expect(demuxed.split('\n').sort()).toEqual(['', 'err-1', 'naïve €', 'out-1', 'out-2']);
    expect(demuxed.replace('err-1\n', '')).toBe('out-1\nout-2\nnaïve €\n');
    // A terminal turns \n into \r\n; that is what the container wrote to it.
    expect(await engine.containerLogs(tty, { tty: true })).toBe('out-1\r\nerr-1\r\nout-2\r\nnaïve €\r\n');
    expect(await engine.containerLogs(tty, { tty: true, tailLines: 2 })).toBe('out-2\r\nnaïve €\r\n');
    const info = await engine.inspectContainer(plain);
    expect(info).toMatchObject({ tty: false, state: { running: false, status: 'exited', exitCode: 0, oomKilled: false } });
  });

  it('creates, lists and removes labelled networks and volumes', async () => {
    const networkId = await engine.createNetwork({ name: `etl-cycle-test-net-${process.pid}`, labels });
    await engine.createVolume({ name: `etl-cycle-test-vol-${process.pid}`, labels });
    expect((await engine.listNetworks({ labels: [`${TEST_LABEL}=${runLabel}`] })).map((n) => n.id)).toEqual([networkId]);
    expect((await engine.listVolumes({ labels: [`${TEST_LABEL}=${runLabel}`] })).map((v) => v.name)).toEqual([
      `etl-cycle-test-vol-${process.pid}`,
    ]);
    await engine.removeNetwork(networkId);
    await engine.removeVolume(`etl-cycle-test-vol-${process.pid}`);
    expect(await engine.listNetworks({ labels: [`${TEST_LABEL}=${runLabel}`] })).toEqual([]);
    expect(await engine.listVolumes({ labels: [`${TEST_LABEL}=${runLabel}`] })).toEqual([]);
  });
});
