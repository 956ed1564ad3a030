import { describe, expect, it } from 'vitest';
import { composeError, loadYaml } from './project-dir.js';

const names = (services: { name: string }[]): string[] => services.map((service) => service.name);

describe('loadComposeProject: dependencies', () => {
  it('reads depends_on as a list or a mapping with condition and required', async () => {
    const { project } = await loadYaml(`
services:
  app:
    image: x
    depends_on:
      db: { condition: service_healthy }
      migrate:
        condition: service_completed_successfully
      cache:
        required: false
      queue:
  worker:
    image: x
    depends_on: [db, cache]
  db: { image: x }
  migrate: { image: x }
  cache: { image: x }
  queue: { image: x }
`);
    const app = project.services.find((s) => s.name === 'app')!;
    expect(app.dependsOn).toEqual([
      { service: 'db', condition: 'service_healthy', required: true },
      { service: 'migrate', condition: 'service_completed_successfully', required: true },
      { service: 'cache', condition: 'service_started', required: false },
      { service: 'queue', condition: 'service_started', required: true },
    ]);
    expect(project.services.find((s) => s.name === 'worker')!.dependsOn).toEqual([
      { service: 'db', condition: 'service_started', required: true },
      { service: 'cache', condition: 'service_started', required: true },
    ]);
  });

  it('orders services after their dependencies, otherwise keeping file order', async () => {
    const { project } = await loadYaml(`
services:
  report: { image: x, depends_on: [load] }
  load: { image: x, depends_on: { transform: { condition: service_completed_successfully } } }
  monitor: { image: x }
  transform: { image: x, depends_on: [extract, db] }
  extract: { image: x, depends_on: [db] }
  db: { image: x }
`);
    // Kahn's order with file-order ties (core/graph.ts): monitor needs nothing and comes first.
    expect(names(project.services)).toEqual(['monitor', 'db', 'extract', 'transform', 'load', 'report']);
    const position = new Map(project.services.map((s, i) => [s.name, i]));
    for (const service of project.services) {
      for (const dependency of service.dependsOn) expect(position.get(dependency.service)!).toBeLessThan(position.get(service.name)!);
    }
  });

  it('spells out a dependency cycle', async () => {
    const error = await composeError(`
services:
  a: { image: x, depends_on: [b] }
  b: { image: x, depends_on: [c] }
  c: { image: x, depends_on: [a] }
`);
    expect(error.message).toMatch(
      /compose\.yaml:5: services\.c\.depends_on\.a: dependency cycle: a → b → c → a; remove one of these depends_on entries$/,
    );
    const self = await composeError('services:\n  a:\n    image: x\n    depends_on: [a]\n');
    expect(self.message).toMatch(/dependency cycle: a → a/);
  });

  it('names an unknown dependency and the known services', async () => {
    const error = await composeError(
      'services:\n  app:\n    image: x\n    depends_on:\n      dbb:\n        condition: service_healthy\n  db:\n    image: x\n',
    );
    expect(error.message).toMatch(
      /compose\.yaml:5: services\.app\.depends_on\.dbb: depends on unknown service "dbb"; known services: app, db$/,
    );
  });

  it('skips an optional dependency on an unknown service with a warning', async () => {
    const { project, warnings } = await loadYaml('services:\n  app:\n    image: x\n    depends_on:\n      tracing: { required: false }\n');
    expect(project.services[0]!.dependsOn).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /compose\.yaml:5: services\.app\.depends_on: tracing is not defined and not required; the dependency is skipped$/,
      ),
    ]);
  });

  it('rejects bad conditions and shapes', async () => {
    expect(
      (await composeError('services:\n  a:\n    image: x\n    depends_on:\n      b: { condition: service_ready }\n  b:\n    image: x\n'))
        .message,
    ).toMatch(
      /compose\.yaml:5: services\.a\.depends_on\.b\.condition: unknown condition "service_ready"; expected service_started, service_healthy, service_completed_successfully/,
    );
    expect((await composeError('services:\n  a:\n    image: x\n    depends_on: b\n')).message).toMatch(
      /services\.a\.depends_on: expected a list of service names or a mapping/,
    );
    expect(
      (await composeError('services:\n  a:\n    image: x\n    depends_on:\n      b: { required: perhaps }\n  b:\n    image: x\n')).message,
    ).toMatch(/services\.a\.depends_on\.b\.required: expected true or false, got "perhaps"/);
  });
});

describe('loadComposeProject: profiles', () => {
  const yaml = `
services:
  db: { image: x, volumes: [pgdata:/data] }
  app: { image: x, depends_on: [db] }
  debug:
    image: x
    profiles: [debug]
    networks: [tools]
    volumes: [scratch:/scratch]
    depends_on: [db]
  seed:
    image: x
    profiles: [seed, all]
volumes: { pgdata: {}, scratch: {} }
networks: { tools: {} }
`;

  it('leaves out services whose profiles are all inactive, with what only they use', async () => {
    const { project } = await loadYaml(yaml);
    expect(names(project.services)).toEqual(['db', 'app']);
    expect(project.services.every((s) => !s.disabled)).toBe(true);
    expect(project.networks.map((n) => n.key)).toEqual(['default']);
    expect(project.volumes.map((v) => v.key)).toEqual(['pgdata']);
  });

  it('includes services of active profiles, from the option, COMPOSE_PROFILES, or "*"', async () => {
    const withDebug = await loadYaml(yaml, { profiles: ['debug'] });
    expect(names(withDebug.project.services)).toEqual(['db', 'app', 'debug']);
    expect(withDebug.project.networks.map((n) => n.key)).toEqual(['default', 'tools']);
    expect(withDebug.project.volumes.map((v) => v.key)).toEqual(['pgdata', 'scratch']);

    expect(names((await loadYaml(yaml, { env: { COMPOSE_PROFILES: 'all, debug' } })).project.services)).toEqual([
      'db',
      'app',
      'debug',
      'seed',
    ]);
    expect(names((await loadYaml(yaml, { profiles: ['*'] })).project.services)).toEqual(['db', 'app', 'debug', 'seed']);
    expect(names((await loadYaml(yaml, { profiles: [], env: { COMPOSE_PROFILES: 'seed' } })).project.services)).toEqual(['db', 'app']);
  });

  it('still validates services left out by profiles', async () => {
    const error = await composeError('services:\n  a:\n    image: x\n  b:\n    image: x\n    profiles: [never]\n    ports: ["x"]\n');
    expect(error.message).toMatch(/compose\.yaml:7: services\.b\.ports\[0\]: "x"/);
  });

  it('fails when an active service requires one the profiles leave out, and skips optional ones', async () => {
    const error = await composeError(
      'services:\n  app:\n    image: x\n    depends_on: [tools]\n  tools:\n    image: x\n    profiles: [debug]\n',
    );
    expect(error.message).toMatch(
      /compose\.yaml:4: services\.app\.depends_on\.tools: depends on "tools", which the active profiles leave out; activate its profile or set required: false$/,
    );

    const { project, warnings } = await loadYaml(
      'services:\n  app:\n    image: x\n    depends_on:\n      tools: { required: false }\n  tools:\n    image: x\n    profiles: [debug]\n',
    );
    expect(names(project.services)).toEqual(['app']);
    expect(project.services[0]!.dependsOn).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(/services\.app\.depends_on: tools is disabled by its profiles and not required; the dependency is skipped$/),
    ]);
  });

  it('warns when the profiles leave no service to run', async () => {
    const { project, warnings } = await loadYaml(
      'services:\n  a:\n    image: x\n    profiles: [one]\n  b:\n    image: x\n    profiles: [two, one]\n',
    );
    expect(project.services).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(/compose\.yaml:1: every service is disabled by its profiles; activate one of: one, two$/),
    ]);
  });
});
