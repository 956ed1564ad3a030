/**
 * Engine-side faults: what an earlier run of the same tool left behind. The fault is the same
 * for every contender (same image, same name pattern, same port, same half-made schema); only
 * the ownership labels differ, so each tool meets a leftover it can recognise as its own
 * project's — etl-cycle's labels for etl-cycle, docker-compose's project labels for the shell
 * loops (compose 1.29 names them `<project>_<service>_1` and reports them as orphans).
 */
import type Docker from 'dockerode';
import { LABELS, MANAGED_BY_VALUE } from '../../docker/labels.js';

export const BUSYBOX_IMAGE = 'etl-cycle/busybox:1';
export const POSTGRES_IMAGE = 'etl-cycle/postgres:15';

/** Whose leftovers a contender recognises. */
export type LeftoverFlavour = 'etl-cycle' | 'compose';

export interface FaultTarget {
  docker: Docker;
  project: string;
  /** The host port the stack publishes its database on. */
  dbPort: number;
  flavour: LeftoverFlavour;
  /** The run's benchmark labels, so cleanup finds the leftover whoever removes it first. */
  labels: Record<string, string>;
}

/** The compose version the shell contenders run; its labels are what it looks for. */
const COMPOSE_VERSION = '1.29.2';

function containerIdentity(target: FaultTarget, service: string): { name: string; labels: Record<string, string> } {
  if (target.flavour === 'etl-cycle') {
    return {
      name: `${target.project}-${service}-1`,
      labels: { [LABELS.managedBy]: MANAGED_BY_VALUE, [LABELS.project]: target.project, [LABELS.service]: service },
    };
  }
  return {
    name: `${target.project}_${service}_1`,
    labels: {
      'com.docker.compose.project': target.project,
      'com.docker.compose.service': service,
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.container-number': '1',
      'com.docker.compose.version': COMPOSE_VERSION,
    },
  };
}

function volumeLabels(target: FaultTarget, key: string): Record<string, string> {
  return target.flavour === 'etl-cycle'
    ? { [LABELS.managedBy]: MANAGED_BY_VALUE, [LABELS.project]: target.project, [LABELS.resource]: key }
    : { 'com.docker.compose.project': target.project, 'com.docker.compose.volume': key, 'com.docker.compose.version': COMPOSE_VERSION };
}

/**
 * A container of this project from an earlier run, its service since renamed (`db-legacy`),
 * still running and holding the database's published port.
 */
export async function leaveStalePortHolder(target: FaultTarget): Promise<void> {
  const { name, labels } = containerIdentity(target, 'db-legacy');
  const stale = await target.docker.createContainer({
    Image: BUSYBOX_IMAGE,
    name,
    // Exits on SIGTERM like the database it stands for would, instead of making a graceful
    // stop wait out the whole grace period (a shell as PID 1 ignores SIGTERM by default).
    Cmd: ['sh', '-c', 'trap "exit 0" TERM; while true; do nc -l -p 5432 >/dev/null 2>&1 & wait $!; done'],
    Labels: { ...labels, ...target.labels },
    ExposedPorts: { '5432/tcp': {} },
    HostConfig: { PortBindings: { '5432/tcp': [{ HostPort: String(target.dbPort) }] } },
  });
  await stale.start();
}

/**
 * The data volume as a crashed run left it: an older, non-transactional migration recorded
 * "schema version 1 applied" (and a role and a grant) and died before creating the tables.
 * The stack's orchestrator trusts the marker, so it fails on the missing table until the
 * volume is recreated.
 */
export async function seedHalfMadeSchema(target: FaultTarget): Promise<void> {
  const volume = `${target.project}_pgdata`;
  await target.docker.createVolume({ Name: volume, Labels: { ...volumeLabels(target, 'pgdata'), ...target.labels } });
  const seeder = await target.docker.createContainer({
    Image: POSTGRES_IMAGE,
    name: `${target.project}-bench-seeder`,
    Env: ['POSTGRES_USER=etl_admin', 'POSTGRES_PASSWORD=admin-secret', 'POSTGRES_DB=warehouse'],
    Labels: target.labels,
    HostConfig: { Binds: [`${volume}:/var/lib/postgresql/data`] },
  });
  await seeder.start();
  try {
    await waitUntil(async () => (await execIn(seeder, ['pg_isready', '-h', '127.0.0.1', '-U', 'etl_admin'])) === 0, 30_000, 'the seeding database did not start');
    const sql = 'CREATE ROLE etl_loader LOGIN; CREATE SCHEMA etl; GRANT USAGE ON SCHEMA etl TO etl_loader;'
      + ' CREATE TABLE etl.schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());'
      + ' INSERT INTO etl.schema_migrations (version) VALUES (1);';
    const code = await execIn(seeder, ['psql', '-v', 'ON_ERROR_STOP=1', '-U', 'etl_admin', '-d', 'warehouse', '-c', sql]);
    if (code !== 0) throw new Error(`seeding the half-made schema failed (psql exit ${code})`);
  } finally {
    await seeder.remove({ force: true });
  }
}

async function execIn(container: Docker.Container, cmd: string[]): Promise<number> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  await new Promise((resolve) => { stream.on('end', resolve); stream.resume(); });
  return (await exec.inspect()).ExitCode ?? -1;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
