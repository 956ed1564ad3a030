/**
 * A real PostgreSQL: readiness by its healthcheck (pg_isready), and by its port, after which a
 * client connecting through the published port must get a working session, not "server closed
 * the connection unexpectedly" from the engine's port proxy.
 */
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProjectModel } from '../../../docker/types.js';
import { POSTGRES_IMAGE, testDocker } from '../../support/docker.js';
import { eventLog, forceRemoveProject, leftovers, plan, project, service, testStack } from './fixtures.js';

const created: ProjectModel[] = [];
afterEach(async () => {
  for (const model of created.splice(0)) {
    await (await testStack(model)).down({ removeVolumes: true });
    expect(await leftovers(model.name)).toEqual({ containers: [], networks: [], volumes: [] });
    await forceRemoveProject(model.name);
  }
});

function postgres(overrides: Parameters<typeof service>[1] = {}) {
  return service('db', {
    image: POSTGRES_IMAGE,
    environment: { POSTGRES_PASSWORD: 'secret', POSTGRES_DB: 'etl', PG_START_DELAY: '2' },
    ports: [{ containerPort: 5432, protocol: 'tcp', published: true }],
    stopGracePeriodMs: 5_000,
    ...overrides,
  });
}

describe('postgres readiness', () => {
  it('auto waits for the declared healthcheck (pg_isready) to turn healthy', async () => {
    const model = project('pg-health', [
      postgres({
        healthcheck: { test: ['CMD-SHELL', 'pg_isready -U postgres -d etl -h 127.0.0.1'], intervalMs: 500, timeoutMs: 3_000, retries: 120 },
      }),
    ]);
    created.push(model);
    const stack = await testStack(model);
    const { events, onEvent } = eventLog();
    const result = await stack.up({ readiness: { db: plan({ type: 'auto' }, 60_000) }, onEvent });
    expect(result.services[0]).toMatchObject({ ready: true, detail: expect.stringMatching(/^health: healthy/) });
    expect(events.some((e) => e.phase === 'waiting' && e.detail === 'health: starting')).toBe(true);
    // The healthcheck reached the engine in nanoseconds.
    const info = await testDocker().getContainer(`${model.name}-db-1`).inspect();
    expect(info.Config.Healthcheck).toMatchObject({ Interval: 500_000_000, Timeout: 3_000_000_000, Retries: 120 });
    // Readiness may run the check itself before the engine's next run; the engine catches up.
    await vi.waitFor(async () => expect((await stack.containerStates())[0]).toMatchObject({ health: 'healthy', running: true }), {
      timeout: 10_000,
      interval: 250,
    });
    const query = await stack.exec('db', ['psql', '-U', 'postgres', '-d', 'etl', '-tAc', 'select 40 + 2']);
    expect(query).toMatchObject({ exitCode: 0, output: '42\n' });
  });

  it('after a ports readiness, a client through the published port gets a working session at once', async () => {
    const model = project('pg-ports', [postgres()]);
    created.push(model);
    const stack = await testStack(model);
    await stack.up({ readiness: { db: plan({ type: 'ports', ports: [5432] }, 60_000) } });
    const info = await testDocker().getContainer(`${model.name}-db-1`).inspect();
    const client = new pg.Client({
      host: '127.0.0.1',
      port: Number(info.NetworkSettings.Ports['5432/tcp']?.[0]?.HostPort),
      user: 'postgres',
      password: 'secret',
      database: 'etl',
    });
    await client.connect();
    try {
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('the healthcheck strategy on a container without one fails at once, saying what to do', async () => {
    const model = project('no-health', [service('web', { command: ['sleep', '300'] })]);
    created.push(model);
    const error = await (await testStack(model)).up({ readiness: { web: plan({ type: 'healthcheck' }, 60_000) } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      stage: 'readiness',
      detail:
        'service web has no healthcheck (neither in the Compose file nor in its image): declare one or choose another readiness strategy',
    });
  });
});
