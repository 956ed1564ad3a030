/**
 * depends_on against real containers: the conditions hold, independent services start
 * together, and a one-shot that fails stops its dependents.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StackUpError } from '../../../docker/errors.js';
import type { ProjectModel, StackEvent } from '../../../docker/types.js';
import { testDocker } from '../../support/docker.js';
import { eventLog, forceRemoveProject, leftovers, plan, project, service, slowHttpd, testStack } from './fixtures.js';

const created: ProjectModel[] = [];
afterEach(async () => {
  for (const model of created.splice(0)) {
    await (await testStack(model)).down({ removeVolumes: true });
    expect(await leftovers(model.name)).toEqual({ containers: [], networks: [], volumes: [] });
    await forceRemoveProject(model.name);
  }
});

function indexOf(events: StackEvent[], service: string, phase: StackEvent['phase']): number {
  const index = events.findIndex((e) => e.service === service && e.phase === phase);
  expect(index, `${service} ${phase}`).toBeGreaterThanOrEqual(0);
  return index;
}

async function startedAt(container: string): Promise<number> {
  return Date.parse((await testDocker().getContainer(container).inspect()).State.StartedAt);
}

describe('depends_on', () => {
  it('starts each service once its dependencies meet their condition, independent ones in parallel', async () => {
    // db (slow) and cache (fast) are independent; migrate needs db healthy; app needs migrate
    // completed and cache started. Listed in reverse to show the order comes from the graph.
    const model = project('deps', [
      service('app', {
        command: ['sleep', '300'],
        dependsOn: [
          { service: 'migrate', condition: 'service_completed_successfully', required: true },
          { service: 'cache', condition: 'service_started', required: true },
        ],
      }),
      service('migrate', {
        command: ['sh', '-c', 'sleep 1; echo migrated'],
        dependsOn: [{ service: 'db', condition: 'service_healthy', required: true }],
      }),
      service('cache', { command: ['sleep', '300'] }),
      service('db', { command: slowHttpd(5432, 2), ports: [{ containerPort: 5432, protocol: 'tcp', published: false }] }),
    ]);
    created.push(model);
    const stack = await testStack(model);
    const { events, onEvent } = eventLog();
    const result = await stack.up({
      // migrate has no plan: it is awaited with service_completed_successfully, so it defaults to `completed`.
      readiness: { db: plan({ type: 'ports' }), cache: plan({ type: 'none' }), app: plan({ type: 'none' }) },
      onEvent,
    });
    expect(result.services.map((s) => s.service)).toEqual(['cache', 'db', 'migrate', 'app']);
    expect(result.services.every((s) => s.ready)).toBe(true);
    expect(result.services.find((s) => s.service === 'migrate')?.detail).toBe('exit 0');

    // Independent services start together: cache and db both start before db is ready.
    expect(indexOf(events, 'cache', 'starting')).toBeLessThan(indexOf(events, 'db', 'ready'));
    expect(indexOf(events, 'db', 'starting')).toBeLessThan(indexOf(events, 'cache', 'ready'));
    // service_healthy: migrate starts only after db is ready; completed: app only after migrate exited 0.
    expect(indexOf(events, 'migrate', 'starting')).toBeGreaterThan(indexOf(events, 'db', 'ready'));
    expect(indexOf(events, 'migrate', 'starting')).toBeLessThan(indexOf(events, 'app', 'starting'));
    expect(events.find((e) => e.service === 'migrate' && e.phase === 'exited')?.detail).toBe('exit 0');
    // The engine's own timestamps agree.
    const migrateInfo = await testDocker().getContainer(`${model.name}-migrate-1`).inspect();
    expect(migrateInfo.State.ExitCode).toBe(0);
    expect(await startedAt(`${model.name}-app-1`)).toBeGreaterThanOrEqual(Date.parse(migrateInfo.State.FinishedAt));
    expect(await startedAt(`${model.name}-migrate-1`)).toBeGreaterThanOrEqual((await startedAt(`${model.name}-db-1`)) + 2_000);
  });

  it('a one-shot dependency exiting non-zero fails its dependent at stage dependency and nothing after it starts', async () => {
    const model = project('deps-fail', [
      service('migrate', { command: ['sh', '-c', 'echo "relation \\"users\\" already exists" >&2; exit 4'] }),
      service('app', {
        command: ['sleep', '300'],
        dependsOn: [{ service: 'migrate', condition: 'service_completed_successfully', required: true }],
      }),
    ]);
    created.push(model);
    const stack = await testStack(model);
    const { events, onEvent } = eventLog();
    const error = await stack.up({ readiness: {}, onEvent }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StackUpError);
    expect(error).toMatchObject({ service: 'app', stage: 'dependency', detail: 'service "migrate" didn\'t complete successfully: exit 4' });
    expect((error as StackUpError).containerState).toMatchObject({ service: 'migrate', exitCode: 4, running: false });
    expect((error as StackUpError).logsTail).toContain('relation "users" already exists');
    expect(events.some((e) => e.service === 'app' && e.phase === 'starting')).toBe(false);
    const [app] = (await stack.containerStates()).filter((s) => s.service === 'app');
    expect(app).toMatchObject({ status: 'created', running: false, exitCode: null });
  });

  it('a required dependency that is not part of the run is refused before anything is created', async () => {
    const model = project('deps-missing', [
      service('app', { command: ['sleep', '300'], dependsOn: [{ service: 'db', condition: 'service_started', required: true }] }),
      service('db', { command: ['sleep', '300'], disabled: true }),
    ]);
    created.push(model);
    const stack = await testStack(model);
    const error = await stack.up({ readiness: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      service: 'app',
      stage: 'dependency',
      detail: expect.stringContaining('service "db" is required by "app"'),
    });
    expect(await leftovers(model.name)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
