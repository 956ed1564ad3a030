import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeError, loadService, loadYaml } from './project-dir.js';

describe('loadComposeProject: service settings', () => {
  it('reads a minimal service with Compose defaults', async () => {
    const { project, dir, warnings } = await loadYaml('services:\n  db:\n    image: postgres:15\n');
    expect(warnings).toEqual([]);
    expect(project).toEqual({
      name: 'etl-stack',
      workingDir: dir,
      composeFile: join(dir, 'compose.yaml'),
      services: [
        {
          name: 'db',
          image: 'postgres:15',
          environment: {},
          ports: [],
          volumes: [],
          dependsOn: [],
          labels: {},
          networks: ['default'],
          aliases: [],
          extraHosts: [],
          tty: false,
          stdinOpen: false,
          disabled: false,
        },
      ],
      networks: [{ key: 'default', name: 'etl-stack_default', external: false, labels: {} }],
      volumes: [],
    });
  });

  it('names a built image <project>-<service> when no image is given, and keeps a named one', async () => {
    const { project, dir } = await loadYaml(
      `
services:
  loader:
    build: ./loader
  Worker:
    build:
      context: worker
      dockerfile: docker/Dockerfile.dev
      args:
        PY_VERSION: "3.12"
        FROM_ENV:
        UNSET_ARG:
      target: runtime
    image: registry.local/worker:dev
  listargs:
    build:
      context: .
      args: [A=1, FROM_ENV, "B=x=y"]
`,
      { env: { FROM_ENV: 'env-value' } },
    );
    const [loader, worker, listargs] = project.services;
    expect(loader).toMatchObject({
      image: 'etl-stack-loader',
      build: { context: join(dir, 'loader'), dockerfile: 'Dockerfile', args: {} },
    });
    expect(worker).toMatchObject({
      image: 'registry.local/worker:dev',
      build: {
        context: join(dir, 'worker'),
        dockerfile: 'docker/Dockerfile.dev',
        args: { PY_VERSION: '3.12', FROM_ENV: 'env-value' },
        target: 'runtime',
      },
    });
    expect(listargs!.build).toEqual({ context: dir, dockerfile: 'Dockerfile', args: { A: '1', FROM_ENV: 'env-value', B: 'x=y' } });
    expect(listargs!.image).toBe('etl-stack-listargs');
  });

  it('keeps an absolute Dockerfile inside the context relative to it, and refuses one outside', async () => {
    const dir = '/tmp/compose-abs';
    const service = await loadService(`services:\n  a:\n    build: { context: ${dir}, dockerfile: ${dir}/build/Dockerfile }\n`, 'a');
    expect(service.build).toMatchObject({ context: dir, dockerfile: 'build/Dockerfile' });

    const error = await composeError('services:\n  a:\n    build: { context: ., dockerfile: ../Dockerfile }\n');
    expect(error.message).toMatch(/compose\.yaml:3: services\.a\.build\.dockerfile: "\.\.\/Dockerfile" is outside the build context/);
  });

  it('refuses remote build contexts and inline Dockerfiles', async () => {
    expect((await composeError('services:\n  a:\n    build: https://github.com/acme/etl.git#main\n')).message).toMatch(
      /compose\.yaml:3: services\.a\.build: remote build context "https:\/\/github\.com\/acme\/etl\.git#main" is not supported/,
    );
    expect((await composeError('services:\n  a:\n    build:\n      dockerfile_inline: FROM scratch\n')).message).toMatch(
      /compose\.yaml:4: services\.a\.build\.dockerfile_inline: not supported: .*write the inline Dockerfile to a file/,
    );
  });

  it('fails on a service with neither image nor build', async () => {
    const error = await composeError('services:\n  app:\n    command: run\n');
    expect(error.message).toMatch(/compose\.yaml:2: services\.app: has neither image nor build; add image:/);
  });

  it('splits string commands with shell-words rules and keeps lists as written', async () => {
    const { project } = await loadYaml(`
services:
  a:
    image: x
    command: python -m etl --where "region = 'eu'" '$$HOME'
    entrypoint: ["/bin/sh", "-c", "exec \\"$$@\\"", "--"]
  b:
    image: x
    command: [run, 42, --fast]
    entrypoint: ""
  c:
    image: x
    command: []
    entrypoint: null
`);
    const [a, b, c] = project.services;
    expect(a!.command).toEqual(['python', '-m', 'etl', '--where', "region = 'eu'", '$HOME']);
    expect(a!.entrypoint).toEqual(['/bin/sh', '-c', 'exec "$@"', '--']);
    expect(b!.command).toEqual(['run', '42', '--fast']);
    expect(b!.entrypoint).toEqual([]);
    expect(c!.command).toEqual([]);
    expect(c!).not.toHaveProperty('entrypoint');
  });

  it('rejects shell operators in string commands with the sh -c fix', async () => {
    const error = await composeError('services:\n  a:\n    image: x\n    command: ./wait-for db:5432 && ./run\n');
    expect(error.message).toMatch(
      /^\S*compose\.yaml:4: services\.a\.command: "\.\/wait-for db:5432 && \.\/run" contains the shell operator "&&".*\["sh", "-c", "\.\/wait-for db:5432 && \.\/run"\]$/,
    );
  });

  it('reads labels as a mapping or a list, with empty values for bare keys', async () => {
    const { project } = await loadYaml(`
services:
  a:
    image: x
    labels:
      com.acme.team: data
      com.acme.tier: 2
      flag:
  b:
    image: x
    labels: ["com.acme.team=data", "flag", "eq=a=b"]
`);
    expect(project.services[0]!.labels).toEqual({ 'com.acme.team': 'data', 'com.acme.tier': '2', flag: '' });
    expect(project.services[1]!.labels).toEqual({ 'com.acme.team': 'data', flag: '', eq: 'a=b' });
  });

  it('reads networks with aliases, and checks they are declared', async () => {
    const { project } = await loadYaml(`
services:
  a:
    image: x
    networks:
      backend:
        aliases: [warehouse, dwh]
      default:
  b:
    image: x
    networks: [backend]
networks:
  backend:
    driver: bridge
    labels: [com.acme.net=1]
  unused: {}
`);
    expect(project.services[0]).toMatchObject({ networks: ['backend', 'default'], aliases: ['warehouse', 'dwh'] });
    expect(project.services[1]).toMatchObject({ networks: ['backend'], aliases: [] });
    expect(project.networks).toEqual([
      { key: 'default', name: 'etl-stack_default', external: false, labels: {} },
      { key: 'backend', name: 'etl-stack_backend', external: false, driver: 'bridge', labels: { 'com.acme.net': '1' } },
    ]);

    const error = await composeError('services:\n  a:\n    image: x\n    networks: [front]\n');
    expect(error.message).toMatch(
      /compose\.yaml:4: services\.a\.networks\[0\]: network "front" is not declared; add it under the top-level networks:/,
    );
  });

  it('reads the remaining scalar settings', async () => {
    const service = await loadService(
      `
services:
  a:
    image: x
    container_name: etl-loader
    user: 1000
    working_dir: /app
    hostname: loader
    restart: on-failure:3
    stop_grace_period: 1m30s
    stop_signal: SIGINT
    tty: true
    stdin_open: "true"
    extra_hosts:
      - "warehouse.local:10.0.0.5"
      - "api.local=10.0.0.6"
      - "v6.local:::1"
      - "gw:host-gateway"
`,
      'a',
    );
    expect(service).toMatchObject({
      containerName: 'etl-loader',
      user: '1000',
      workingDir: '/app',
      hostname: 'loader',
      restart: 'on-failure:3',
      stopGracePeriodMs: 90_000,
      stopSignal: 'SIGINT',
      tty: true,
      stdinOpen: true,
      extraHosts: ['warehouse.local:10.0.0.5', 'api.local:10.0.0.6', 'v6.local:::1', 'gw:host-gateway'],
    });
    const mapped = await loadService(
      'services:\n  a:\n    image: x\n    restart: "no"\n    extra_hosts:\n      db.local: 10.0.0.7\n      multi: ["10.0.0.8", "::2"]\n',
      'a',
    );
    expect(mapped).toMatchObject({ restart: 'no', extraHosts: ['db.local:10.0.0.7', 'multi:10.0.0.8', 'multi:::2'] });
  });

  it('validates scalar settings with the field, value and what is expected', async () => {
    const cases: [string, RegExp][] = [
      [
        'restart: sometimes',
        /compose\.yaml:4: services\.a\.restart: unknown restart policy "sometimes"; expected "no", always, on-failure\[:N\] or unless-stopped/,
      ],
      ['tty: maybe', /compose\.yaml:4: services\.a\.tty: expected true or false, got "maybe"/],
      [
        'stop_grace_period: soon',
        /compose\.yaml:4: services\.a\.stop_grace_period: expected a duration such as "30s", "1m30s" or "500ms", got "soon"/,
      ],
      ['stop_signal: "kill -9"', /compose\.yaml:4: services\.a\.stop_signal: "kill -9" is not a signal; use a name such as "SIGINT"/],
      ['container_name: "-bad name"', /services\.a\.container_name: "-bad name" is not a valid container name/],
      ['extra_hosts: ["nohost"]', /compose\.yaml:4: services\.a\.extra_hosts\[0\]: "nohost": expected "HOST:IP" or "HOST=IP"/],
      ['extra_hosts: ["db:not-an-ip"]', /services\.a\.extra_hosts\[0\]: "db:not-an-ip": expected "HOST:IP"/],
      ['user: [root]', /compose\.yaml:4: services\.a\.user: expected a string, got \["root"\]/],
      ['labels: "a=b"', /services\.a\.labels: expected a mapping or a list of "KEY=VALUE" strings, got "a=b"/],
      ['image: "postgres 15"', /services\.a\.image: "postgres 15" is not an image reference/],
    ];
    for (const [line, expected] of cases) {
      const error = await composeError(`services:\n  a:\n    image: x\n    ${line}\n`.replace('    image: x\n    image:', '    image:'));
      expect(error.message).toMatch(expected);
    }
  });

  it('reads healthchecks in every form', async () => {
    const { project } = await loadYaml(`
services:
  shell:
    image: x
    healthcheck:
      test: pg_isready -U etl
      interval: 5s
      timeout: 3s
      retries: 10
      start_period: 1m
      start_interval: 500ms
  exec:
    image: x
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost/health"]
  shellList:
    image: x
    healthcheck:
      test: ["CMD-SHELL", "curl -f http://localhost || exit 1"]
  none:
    image: x
    healthcheck:
      test: ["NONE"]
  disabled:
    image: x
    healthcheck:
      disable: true
  timingsOnly:
    image: x
    healthcheck:
      interval: 2s
      retries: "4"
`);
    const byName = Object.fromEntries(project.services.map((s) => [s.name, s.healthcheck]));
    expect(byName.shell).toEqual({
      test: ['CMD-SHELL', 'pg_isready -U etl'],
      intervalMs: 5000,
      timeoutMs: 3000,
      retries: 10,
      startPeriodMs: 60_000,
      startIntervalMs: 500,
    });
    expect(byName.exec).toEqual({ test: ['CMD', 'curl', '-f', 'http://localhost/health'] });
    expect(byName.shellList).toEqual({ test: ['CMD-SHELL', 'curl -f http://localhost || exit 1'] });
    expect(byName.none).toEqual({ test: ['NONE'] });
    expect(byName.disabled).toEqual({ test: ['NONE'] });
    expect(byName.timingsOnly).toEqual({ test: [], intervalMs: 2000, retries: 4 });
  });

  it('rejects malformed healthchecks', async () => {
    const hc = (body: string): string => `services:\n  a:\n    image: x\n    healthcheck:\n${body}`;
    expect((await composeError(hc('      test: ["pg_isready"]\n'))).message).toMatch(
      /compose\.yaml:5: services\.a\.healthcheck\.test: expected .* list starting with "CMD", "CMD-SHELL" or "NONE" followed by the command, got \["pg_isready"\]/,
    );
    expect((await composeError(hc('      test: ["CMD"]\n'))).message).toMatch(/services\.a\.healthcheck\.test: expected/);
    expect((await composeError(hc('      test: ls\n      interval: 10\n      retries: -1\n'))).message).toMatch(
      /compose\.yaml:7: services\.a\.healthcheck\.retries: expected a whole number of at least 0, got -1/,
    );
    expect((await composeError(hc('      test: ls\n      timeout: 3 seconds\n'))).message).toMatch(
      /compose\.yaml:6: services\.a\.healthcheck\.timeout: expected a duration .* got "3 seconds"/,
    );
    expect((await composeError(hc('      disable: true\n      test: ls\n'))).message).toMatch(
      /services\.a\.healthcheck\.disable: disable: true and test cannot be set together/,
    );
    expect((await composeError(hc('      tset: ls\n'))).message).toMatch(
      /compose\.yaml:5: services\.a\.healthcheck\.tset: unknown Compose key "tset"; did you mean "test"\?/,
    );
  });

  it('reads memory limits from mem_limit and deploy.resources.limits.memory', async () => {
    const { project } = await loadYaml(`
services:
  a: { image: x, mem_limit: 512m }
  b: { image: x, mem_limit: 1073741824 }
  c: { image: x, mem_limit: "1.5gb" }
  d:
    image: x
    deploy:
      replicas: 1
      resources:
        limits: { memory: 1g, cpus: "0.5" }
  e: { image: x, mem_limit: 1g, deploy: { resources: { limits: { memory: 1024m } } } }
  f: { image: x }
`);
    expect(project.services.map((s) => s.memLimitBytes)).toEqual([
      512 * 1024 ** 2,
      1073741824,
      1.5 * 1024 ** 3,
      1024 ** 3,
      1024 ** 3,
      undefined,
    ]);
  });

  it('rejects bad memory sizes and conflicting limits', async () => {
    expect((await composeError('services:\n  a:\n    image: x\n    mem_limit: lots\n')).message).toMatch(
      /compose\.yaml:4: services\.a\.mem_limit: "lots" is not a memory size; expected bytes or a number with a unit such as "512m", "1g" or "1.5gb"/,
    );
    expect(
      (await composeError('services:\n  a:\n    image: x\n    mem_limit: 1g\n    deploy: { resources: { limits: { memory: 2g } } }\n'))
        .message,
    ).toMatch(/services\.a\.mem_limit: "1g" disagrees with deploy\.resources\.limits\.memory/);
  });
});
