/**
 * A throwaway PostgreSQL (the locally built etl-cycle/postgres:15) for tests of code that talks
 * to one directly (the history store): labelled with TEST_LABEL and a unique name, published on
 * a free port of 127.0.0.1, ready when a client gets a session; `stop()` removes it.
 */
import pg from 'pg';
import { POSTGRES_IMAGE, TEST_LABEL, testDocker, uniqueProjectName } from './docker.js';

export interface TestPostgres {
  url: string;
  name: string;
  stop(): Promise<void>;
}

export async function startPostgres(prefix: string): Promise<TestPostgres> {
  const docker = testDocker();
  const name = uniqueProjectName(prefix);
  const container = await docker.createContainer({
    name,
    Image: POSTGRES_IMAGE,
    Env: ['POSTGRES_PASSWORD=secret', 'POSTGRES_DB=history'],
    Labels: { [TEST_LABEL]: '1', 'etl-cycle.test.name': name },
    ExposedPorts: { '5432/tcp': {} },
    HostConfig: { PortBindings: { '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  });
  const stop = () =>
    container.remove({ force: true, v: true }).then(
      () => undefined,
      () => undefined,
    );
  try {
    await container.start();
    const info = await container.inspect();
    const port = info.NetworkSettings.Ports['5432/tcp']?.[0]?.HostPort;
    const url = `postgres://postgres:secret@127.0.0.1:${port}/history`;
    await waitForSession(url, 90_000);
    return { url, name, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForSession(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL at ${url} not ready after ${timeoutMs} ms: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}
