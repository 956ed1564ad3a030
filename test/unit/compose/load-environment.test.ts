import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadComposeProject } from '../../../docker/compose/load-compose-project.js';
import { composeError, loadService, loadYaml, projectDir } from './project-dir.js';

describe('loadComposeProject: interpolation and environment', () => {
  it('interpolates values (not keys) everywhere, including numbers that become strings', async () => {
    const { project } = await loadYaml(
      `
services:
  db:
    labels: { "\${NOT_A_KEY}": kept }
    image: "\${REGISTRY:-docker.io}/postgres:\${PG_VERSION}"
    ports: ["\${PG_PORT:-5432}:5432"]
    environment:
      POSTGRES_DB: \${DB_NAME:?set DB_NAME}
      LITERAL: "$$NOT_INTERPOLATED"
    healthcheck:
      test: pg_isready -d $\${POSTGRES_DB}
      retries: \${RETRIES}
    mem_limit: \${MEM:-256m}
    tty: \${TTY}
`,
      { env: { PG_VERSION: '15', DB_NAME: 'sales', RETRIES: '7', TTY: 'true' } },
    );
    const [db] = project.services;
    expect(db!.labels).toEqual({ '${NOT_A_KEY}': 'kept' });
    expect(db).toMatchObject({
      image: 'docker.io/postgres:15',
      ports: [{ containerPort: 5432, hostPort: 5432, protocol: 'tcp', published: true }],
      environment: { POSTGRES_DB: 'sales', LITERAL: '$NOT_INTERPOLATED' },
      healthcheck: { test: ['CMD-SHELL', 'pg_isready -d ${POSTGRES_DB}'], retries: 7 },
      memLimitBytes: 256 * 1024 ** 2,
      tty: true,
    });
  });

  it('fails on a required variable, naming the file, line, field and variable', async () => {
    const error = await composeError(
      'services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?put DB_PASSWORD in .env}\n',
    );
    expect(error.message).toMatch(
      /\/compose\.yaml:5: services\.db\.environment\.POSTGRES_PASSWORD: required variable DB_PASSWORD is not set: put DB_PASSWORD in \.env$/,
    );
    const inList = await composeError('services:\n  db:\n    image: postgres\n    ports:\n      - "8080:80"\n      - "${PORT?}:5432"\n');
    expect(inList.message).toMatch(/compose\.yaml:6: services\.db\.ports\[1\]: required variable PORT is not set$/);
  });

  it('fails on malformed interpolation with the $$ hint', async () => {
    const error = await composeError('services:\n  db:\n    image: x\n    command: echo cost $5\n');
    expect(error.message).toMatch(
      /compose\.yaml:4: services\.db\.command: invalid interpolation in "echo cost \$5": .* write "\$\$" for a literal "\$"/,
    );
  });

  it('warns once per unset variable and uses an empty string', async () => {
    const { project, warnings } = await loadYaml(
      'services:\n  a:\n    image: "x:${TAG}"\n    labels: { l: "${TAG}" }\n    environment: { E: "${OTHER:-}" }\n',
    );
    expect(project.services[0]).toMatchObject({ image: 'x:', labels: { l: '' }, environment: { E: '' } });
    expect(warnings).toEqual([
      expect.stringMatching(/compose\.yaml:3: services\.a\.image: variable TAG is not set; using an empty string/),
    ]);
  });

  it('reads .env next to the Compose file; the environment wins over it', async () => {
    const { project } = await loadYaml(
      'services:\n  a:\n    image: "${IMAGE}:${TAG}"\n    environment: { FROM_DOTENV: "${ONLY_IN_DOTENV}" }\n',
      {
        env: { TAG: 'from-shell' },
        files: { '.env': 'IMAGE=from-dotenv\nTAG=from-dotenv\nONLY_IN_DOTENV="quoted value"\n' },
      },
    );
    expect(project.services[0]).toMatchObject({ image: 'from-dotenv:from-shell', environment: { FROM_DOTENV: 'quoted value' } });
  });

  it('does not inject .env variables into containers (they are for interpolation only)', async () => {
    const service = await loadService('services:\n  a:\n    image: x\n', 'a', { files: { '.env': 'SECRET=1\n' } });
    expect(service.environment).toEqual({});
  });

  it('interpolates .env values like Compose: unquoted and double-quoted yes, single-quoted no', async () => {
    const { project } = await loadYaml('services:\n  a:\n    image: x\n    environment: [URL, RAW, DQ, FALLBACK]\n', {
      env: { HOST: 'db' },
      files: { '.env': 'USER=etl\nURL=postgres://${USER}@${HOST}/x\nRAW=\'${USER}\'\nDQ="${USER}-dq"\nFALLBACK=${MISSING:-fallback}\n' },
    });
    expect(project.services[0]!.environment).toEqual({ URL: 'postgres://etl@db/x', RAW: '${USER}', DQ: 'etl-dq', FALLBACK: 'fallback' });
  });

  it('uses explicit env files instead of .env; later files win; each must exist', async () => {
    const dir = await projectDir({
      'compose.yaml': 'services:\n  a:\n    image: "${IMAGE}:${TAG}"\n',
      '.env': 'IMAGE=ignored\nTAG=ignored\n',
      'env/base.env': 'IMAGE=base\nTAG=base\n',
      'env/ci.env': 'TAG=ci\n',
    });
    const file = join(dir, 'compose.yaml');
    const { project } = await loadComposeProject({ file, env: {}, envFiles: ['env/base.env', join(dir, 'env/ci.env')] });
    expect(project.services[0]!.image).toBe('base:ci');

    await expect(loadComposeProject({ file, env: {}, envFiles: ['env/missing.env'] })).rejects.toThrow(
      `${join(dir, 'env/missing.env')}: env file not found`,
    );
  });

  it('reports a required variable inside an env file by file and key', async () => {
    const error = await composeError('services:\n  a:\n    image: x\n', { files: { '.env': 'A=${NEEDED:?set NEEDED first}\n' } });
    expect(error.message).toMatch(/\/\.env: A: required variable NEEDED is not set: set NEEDED first$/);
  });

  it('builds the container environment from env_file then environment', async () => {
    const { project } = await loadYaml(
      `
services:
  a:
    image: x
    env_file:
      - common.env
      - path: ./local.env
        required: false
      - path: ./app.env
    environment:
      OVERRIDE: from-environment
      FROM_SHELL:
      NOT_ANYWHERE:
      NUMBER: 5
      BOOL: false
  b:
    image: x
    env_file: common.env
    environment:
      - LIST=1
      - FROM_SHELL
      - NOT_ANYWHERE
      - SHARED
`,
      {
        env: { FROM_SHELL: 'shell', NOT_ANYWHERE_ELSE: 'x', GREETING: 'hello' },
        files: {
          'common.env': '# shared\nSHARED=common\nOVERRIDE=from-file\nexport EXPORTED=yes\nGREET=${GREETING} world\n',
          'app.env': 'SHARED=app\n',
        },
      },
    );
    expect(project.services[0]!.environment).toEqual({
      SHARED: 'app',
      OVERRIDE: 'from-environment',
      EXPORTED: 'yes',
      GREET: 'hello world',
      FROM_SHELL: 'shell',
      NUMBER: '5',
      BOOL: 'false',
    });
    expect(project.services[1]!.environment).toEqual({
      SHARED: 'common',
      OVERRIDE: 'from-file',
      EXPORTED: 'yes',
      GREET: 'hello world',
      LIST: '1',
      FROM_SHELL: 'shell',
    });
  });

  it('fails on a missing required env_file, naming it', async () => {
    const error = await composeError('services:\n  a:\n    image: x\n    env_file:\n      - ./secrets/app.env\n');
    expect(error.message).toMatch(
      /compose\.yaml:5: services\.a\.env_file\[0\]: env file "\.\/secrets\/app\.env" not found \(.*\/secrets\/app\.env\); create it, or use the long form with required: false$/,
    );
    const single = await composeError('services:\n  a:\n    image: x\n    env_file: app.env\n');
    expect(single.message).toMatch(/compose\.yaml:4: services\.a\.env_file: env file "app\.env" not found/);
  });

  it('resolves the project name: option, then COMPOSE_PROJECT_NAME, then name:, then the folder', async () => {
    const yaml = 'name: ${STACK:-declared}\nservices:\n  a:\n    image: x\n';
    expect((await loadYaml(yaml, { projectName: 'from-option', env: { COMPOSE_PROJECT_NAME: 'from-env' } })).project.name).toBe(
      'from-option',
    );
    expect((await loadYaml(yaml, { env: { COMPOSE_PROJECT_NAME: 'from-env' } })).project.name).toBe('from-env');
    expect((await loadYaml(yaml, { files: { '.env': 'COMPOSE_PROJECT_NAME=from-dotenv\n' } })).project.name).toBe('from-dotenv');
    expect((await loadYaml(yaml)).project.name).toBe('declared');
    expect((await loadYaml(yaml, { env: { STACK: 'interpolated' } })).project.name).toBe('interpolated');

    const dir = await projectDir({ 'compose.yaml': 'services:\n  a:\n    build: .\n' }, 'My Sales.ETL');
    const { project } = await loadComposeProject({ file: join(dir, 'compose.yaml'), env: {} });
    expect(project.name).toBe('mysalesetl');
    expect(project.services[0]!.image).toBe('mysalesetl-a');
  });

  it('names networks and volumes after the project', async () => {
    const { project } = await loadYaml(
      'services:\n  a:\n    image: x\n    volumes: [data:/data]\n    networks: [n]\nvolumes:\n  data:\nnetworks:\n  n:\n',
      { projectName: 'p1' },
    );
    expect(project.volumes.map((v) => v.name)).toEqual(['p1_data']);
    expect(project.networks.map((n) => n.name)).toEqual(['p1_n']);
  });

  it('refuses invalid project names the user wrote', async () => {
    await expect(loadYaml('services:\n  a:\n    image: x\n', { projectName: 'My Project' })).rejects.toThrow(
      'project name "My Project" is invalid: project names hold lowercase letters, digits, "_" and "-", and start with a letter or digit (try "myproject")',
    );
    const error = await composeError('name: Sales_ETL\nservices:\n  a:\n    image: x\n');
    expect(error.message).toMatch(/compose\.yaml:1: name: "Sales_ETL" is invalid: .* \(try "sales_etl"\)$/);
  });
});
