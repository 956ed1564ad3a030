import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findComposeFile } from '../../../docker/compose/find-compose-file.js';
import { loadComposeProject } from '../../../docker/compose/load-compose-project.js';
import type { ProjectModel, ServiceModel } from '../../../docker/types.js';

const fixtures = fileURLToPath(new URL('../../fixtures/compose/', import.meta.url));

function service(project: ProjectModel, name: string): ServiceModel {
  const found = project.services.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no service ${name}`);
  return found;
}

function assertDependencyOrder(project: ProjectModel): void {
  const position = new Map(project.services.map((s, index) => [s.name, index]));
  for (const s of project.services) {
    for (const dependency of s.dependsOn)
      expect(position.get(dependency.service), `${s.name} after ${dependency.service}`).toBeLessThan(position.get(s.name)!);
  }
}

describe('realistic Compose files', () => {
  it('loads a PostgreSQL + migration + ETL app stack', async () => {
    const dir = join(fixtures, 'postgres-etl');
    const file = await findComposeFile(dir);
    expect(file).toBe(join(dir, 'compose.yaml'));
    const { project, warnings } = await loadComposeProject({ file: file!, env: { ETL_SINCE: '2025-06-01' } });

    expect(project.name).toBe('sales-etl');
    expect(project.services.map((s) => s.name)).toEqual(['warehouse', 'migrate', 'etl']);
    assertDependencyOrder(project);

    expect(service(project, 'warehouse')).toEqual({
      name: 'warehouse',
      image: 'postgres:15',
      containerName: 'sales-warehouse',
      environment: { POSTGRES_USER: 'etl', POSTGRES_PASSWORD: 's3cret', POSTGRES_DB: 'sales', PGDATA: '/var/lib/postgresql/data/pgdata' },
      ports: [{ containerPort: 5432, protocol: 'tcp', published: true, hostPort: 55432 }],
      volumes: [
        { type: 'volume', source: 'pgdata', target: '/var/lib/postgresql/data', readOnly: false },
        { type: 'bind', source: join(dir, 'sql/init'), target: '/docker-entrypoint-initdb.d', readOnly: true },
      ],
      healthcheck: {
        test: ['CMD-SHELL', 'pg_isready -U ${POSTGRES_USER} -d ${POSTGRES_DB}'],
        intervalMs: 5000,
        timeoutMs: 5000,
        retries: 10,
        startPeriodMs: 10_000,
      },
      dependsOn: [],
      labels: {},
      networks: ['default'],
      aliases: [],
      extraHosts: [],
      restart: 'unless-stopped',
      tty: false,
      stdinOpen: false,
      disabled: false,
    });

    expect(service(project, 'migrate')).toMatchObject({
      image: 'sales-etl/migrations:latest',
      build: { context: join(dir, 'migrations'), dockerfile: 'Dockerfile', args: {} },
      command: ['alembic', 'upgrade', 'head'],
      environment: { DATABASE_URL: 'postgresql://etl:s3cret@warehouse:5432/sales' },
      dependsOn: [{ service: 'warehouse', condition: 'service_healthy', required: true }],
    });

    expect(service(project, 'etl')).toMatchObject({
      image: 'sales-etl-etl',
      build: { context: join(dir, 'app'), dockerfile: 'Dockerfile', args: { PYTHON_VERSION: '3.12' } },
      // env_file first, then environment on top; LOG_LEVEL comes from .env through the bare key
      environment: {
        SOURCE_BUCKET: 's3://sales-raw',
        LOG_LEVEL: 'info',
        BATCH_SIZE: '5000',
        DATABASE_URL: 'postgresql://etl:s3cret@warehouse:5432/sales',
      },
      command: ['python', '-m', 'etl.run', '--since', '2025-06-01'],
      volumes: [
        { type: 'bind', source: join(dir, 'data/incoming'), target: '/data/incoming', readOnly: true },
        { type: 'bind', source: join(dir, 'data/out'), target: '/data/out', readOnly: false },
      ],
      dependsOn: [
        { service: 'warehouse', condition: 'service_healthy', required: true },
        { service: 'migrate', condition: 'service_completed_successfully', required: true },
      ],
      memLimitBytes: 1024 ** 3,
      restart: 'on-failure:3',
    });

    expect(project.networks).toEqual([{ key: 'default', name: 'sales-etl_default', external: false, labels: {} }]);
    expect(project.volumes).toEqual([{ key: 'pgdata', name: 'sales-etl_pgdata', external: false, labels: {} }]);
    expect(warnings).toEqual([
      expect.stringMatching(/compose\.yaml:26: services\.warehouse\.shm_size is not supported by etl-cycle and is ignored$/),
    ]);

    const withTools = await loadComposeProject({ file: file!, env: {}, profiles: ['tools'] });
    expect(withTools.project.services.map((s) => s.name)).toEqual(['warehouse', 'migrate', 'etl', 'pgadmin']);
  });

  it("fails clearly when the stack's required password is missing", async () => {
    const file = join(fixtures, 'postgres-etl', 'compose.yaml');
    await expect(loadComposeProject({ file, env: {}, envFiles: [] })).rejects.toThrow(
      `${file}:11: services.warehouse.environment.POSTGRES_PASSWORD: required variable PG_PASSWORD is not set: set PG_PASSWORD in .env`,
    );
  });

  it('loads a ZooKeeper + Kafka + Schema Registry + Connect stack', async () => {
    const dir = join(fixtures, 'kafka-connect');
    const file = await findComposeFile(dir);
    expect(file).toBe(join(dir, 'docker-compose.yml'));
    const { project, warnings } = await loadComposeProject({ file: file!, env: {} });

    expect(project.name).toBe('kafka-connect');
    expect(project.services.map((s) => s.name)).toEqual(['zookeeper', 'broker', 'schema-registry', 'sink-db', 'connect']);
    assertDependencyOrder(project);

    expect(service(project, 'zookeeper')).toMatchObject({
      hostname: 'zookeeper',
      containerName: 'zookeeper',
      environment: { ZOOKEEPER_CLIENT_PORT: '2181', ZOOKEEPER_TICK_TIME: '2000' },
      healthcheck: { test: ['CMD-SHELL', 'echo srvr | nc localhost 2181 || exit 1'], intervalMs: 10_000, retries: 20 },
    });
    expect(service(project, 'broker')).toMatchObject({
      ports: [
        { containerPort: 9092, protocol: 'tcp', published: true, hostPort: 9092 },
        { containerPort: 9101, protocol: 'tcp', published: true, hostPort: 9101 },
      ],
      environment: expect.objectContaining({
        KAFKA_BROKER_ID: '1',
        KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://broker:29092,PLAINTEXT_HOST://localhost:9092',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      }),
      healthcheck: {
        test: ['CMD', 'kafka-topics', '--bootstrap-server', 'broker:29092', '--list'],
        intervalMs: 15_000,
        timeoutMs: 10_000,
        retries: 10,
        startPeriodMs: 30_000,
      },
      networks: ['default'],
      aliases: ['kafka'],
      dependsOn: [{ service: 'zookeeper', condition: 'service_healthy', required: true }],
    });
    expect(service(project, 'connect')).toMatchObject({
      command: [
        'bash',
        '-c',
        'echo "Installing connector plugins"\nconfluent-hub install --no-prompt confluentinc/kafka-connect-jdbc:10.7.4\n/etc/confluent/docker/run &\nsleep infinity\n',
      ],
      volumes: [
        { type: 'bind', source: join(dir, 'connectors'), target: '/usr/share/confluent-hub-components', readOnly: false },
        { type: 'volume', source: 'connect-data', target: '/var/lib/kafka-connect', readOnly: false },
      ],
      memLimitBytes: 2 * 1024 ** 3,
      healthcheck: {
        test: ['CMD-SHELL', 'curl -fs http://localhost:8083/connectors || exit 1'],
        intervalMs: 10_000,
        retries: 30,
        startPeriodMs: 60_000,
      },
      dependsOn: [
        { service: 'broker', condition: 'service_healthy', required: true },
        { service: 'schema-registry', condition: 'service_started', required: true },
        { service: 'sink-db', condition: 'service_healthy', required: true },
      ],
    });
    expect(service(project, 'sink-db')).toMatchObject({
      ports: [{ containerPort: 5432, protocol: 'tcp', published: false }],
      volumes: [{ type: 'volume', source: 'sink-data', target: '/var/lib/postgresql/data', readOnly: false }],
    });
    expect(project.volumes).toEqual([
      { key: 'connect-data', name: 'kafka-connect_connect-data', external: false, labels: {} },
      { key: 'sink-data', name: 'kafka-connect_sink-data', external: false, labels: { 'com.example.purpose': 'kafka-sink' } },
    ]);
    expect(warnings).toEqual([expect.stringMatching(/docker-compose\.yml:1: version is obsolete/)]);
  });

  it('loads an Airflow stack built on anchors and merge keys', async () => {
    const dir = join(fixtures, 'airflow');
    const { project, warnings } = await loadComposeProject({ file: join(dir, 'compose.yaml'), env: { AIRFLOW_UID: '1000' } });

    expect(warnings).toEqual([]);
    expect(project.services.map((s) => s.name)).toEqual(['postgres', 'airflow-init', 'airflow-webserver', 'airflow-scheduler']);
    assertDependencyOrder(project);

    const common = {
      image: 'apache/airflow:2.9.3',
      volumes: [
        { type: 'bind', source: join(dir, 'dags'), target: '/opt/airflow/dags', readOnly: false },
        { type: 'bind', source: join(dir, 'logs'), target: '/opt/airflow/logs', readOnly: false },
      ],
    };
    const commonEnv = {
      AIRFLOW__CORE__EXECUTOR: 'LocalExecutor',
      AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: 'postgresql+psycopg2://airflow:airflow@postgres/airflow',
      AIRFLOW__CORE__FERNET_KEY: '',
      AIRFLOW__CORE__LOAD_EXAMPLES: 'false',
      _PIP_ADDITIONAL_REQUIREMENTS: '',
    };
    expect(service(project, 'airflow-webserver')).toMatchObject({
      ...common,
      user: '1000:0',
      environment: commonEnv,
      command: ['webserver'],
      ports: [{ containerPort: 8080, protocol: 'tcp', published: true, hostPort: 8080 }],
      restart: 'always',
      dependsOn: [
        { service: 'postgres', condition: 'service_healthy', required: true },
        { service: 'airflow-init', condition: 'service_completed_successfully', required: true },
      ],
    });
    expect(service(project, 'airflow-init')).toMatchObject({
      ...common,
      user: '0:0',
      entrypoint: ['/bin/bash'],
      command: ['-c', 'mkdir -p /sources/logs /sources/dags\nexec /entrypoint airflow version\n'],
      environment: {
        ...commonEnv,
        _AIRFLOW_DB_MIGRATE: 'true',
        _AIRFLOW_WWW_USER_CREATE: 'true',
        _AIRFLOW_WWW_USER_USERNAME: 'airflow',
        _AIRFLOW_WWW_USER_PASSWORD: 'airflow',
      },
      dependsOn: [{ service: 'postgres', condition: 'service_healthy', required: true }],
    });
    expect(project.volumes.map((v) => v.name)).toEqual(['airflow_postgres-db-volume']);

    const debug = await loadComposeProject({ file: join(dir, 'compose.yaml'), env: {}, profiles: ['debug'] });
    expect(service(debug.project, 'airflow-cli')).toMatchObject({
      user: '50000:0',
      command: ['bash', '-c', 'airflow'],
      environment: { ...commonEnv, CONNECTION_CHECK_MAX_COUNT: '0' },
    });
  });
});
