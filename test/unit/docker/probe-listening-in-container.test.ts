/**
 * What the in-container listening check concludes from an exec's exit code and the container's
 * state, with our EngineClient interface faked (the check against real containers is in
 * stack-readiness.test.ts and remote/probe-routes.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import type { ContainerInfo, EngineClient } from '../../../docker/engine/engine-client.js';
import { probeListeningInContainer } from '../../../docker/readiness/probe-listening-in-container.js';

const container: ContainerInfo = {
  id: 'c1',
  name: 'p-cruncher-1',
  image: 'img',
  imageId: 'sha256:img',
  labels: {},
  restartCount: 0,
  tty: false,
  exposedPorts: [{ port: 8080, protocol: 'tcp' }],
  publishedPorts: [],
  networks: [],
  state: { status: 'running', running: true, exitCode: null, oomKilled: false },
};

/** An engine whose exec ends with `exitCode` and prints `output`; the container then is `after`. */
function engineAnswering(exitCode: number | null, output: string, after: ContainerInfo['state'] | 'removed'): EngineClient {
  const engine: Partial<EngineClient> = {
    endpoint: 'unix:///fake.sock',
    createExec: async () => 'e1',
    startExec: async (_id, { onOutput }) => onOutput('stderr', Buffer.from(output)),
    inspectExec: async () => ({ running: false, exitCode, pid: 0 }),
    inspectContainer: async () => (after === 'removed' ? undefined : { ...container, state: after }),
  };
  return engine as EngineClient;
}

function probe(engine: EngineClient) {
  const ctx = {
    engine,
    service: 'cruncher',
    container,
    signal: new AbortController().signal,
    logger: silentLogger(),
    remainingMs: 5_000,
    portProbe: 'from-host' as const,
  };
  return probeListeningInContainer(ctx, 8080, 1_000);
}

const running = container.state;
const oomKilled = { status: 'exited', running: false, exitCode: 137, oomKilled: true };

describe('probeListeningInContainer', () => {
  it('reads 0 as listening and 1 as not listening', async () => {
    expect(await probe(engineAnswering(0, '', running))).toMatchObject({ status: 'listening' });
    expect(await probe(engineAnswering(1, '', running))).toMatchObject({ status: 'not-listening' });
  });

  it('an exec refused because the container is dying is no answer yet, not "no way in"', async () => {
    const refused = 'OCI runtime exec failed: exec failed: cannot exec in a stopped container: unknown';
    expect(await probe(engineAnswering(126, refused, oomKilled))).toEqual({
      status: 'not-listening',
      detail: '8080/tcp not checked: the container is no longer running',
    });
    expect(await probe(engineAnswering(126, refused, 'removed'))).toMatchObject({ status: 'not-listening' });
  });

  it('no shell or no tool in a running container means this container cannot answer', async () => {
    expect(await probe(engineAnswering(127, 'exec: "sh": executable file not found in $PATH', running))).toEqual({
      status: 'unavailable',
      detail: 'cannot check 8080/tcp inside the container (exit 127: exec: "sh": executable file not found in $PATH)',
    });
    expect(await probe(engineAnswering(126, 'permission denied', running))).toMatchObject({ status: 'unavailable' });
  });

  it('an exit the engine did not record is asked again, not taken as "no way in"', async () => {
    expect(await probe(engineAnswering(null, '', running))).toMatchObject({ status: 'not-listening' });
  });
});
