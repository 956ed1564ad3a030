/**
 * Real faults for the example stack, injected through the engine the way earlier runs would
 * have left them. Used by the demo and by the end-to-end tests.
 */
import type Docker from 'dockerode';
import { LABELS, MANAGED_BY_VALUE } from '../docker/labels.js';

export interface FaultTarget {
  docker: Docker;
  project: string;
  /** Extra labels on throwaway helpers (tests pass their cleanup label). */
  labels?: Record<string, string>;
}

/** Name and labels of a leftover: by default what an earlier etl-cycle run of the project leaves. */
export interface LeftoverIdentity {
  name: string;
  labels: Record<string, string>;
}

export function etlCycleContainer(project: string, service: string): LeftoverIdentity {
  return {
    name: `${project}-${service}-1`,
    labels: { [LABELS.managedBy]: MANAGED_BY_VALUE, [LABELS.project]: project, [LABELS.service]: service },
  };
}

export function etlCycleVolumeLabels(project: string, key: string): Record<string, string> {
  return { [LABELS.managedBy]: MANAGED_BY_VALUE, [LABELS.project]: project, [LABELS.resource]: key };
}

async function runExec(container: Docker.Container, cmd: string[]): Promise<number> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  await new Promise((resolve) => {
    stream.on('end', resolve);
    stream.resume();
  });
  return (await exec.inspect()).ExitCode ?? -1;
}

/** A container of this project from an earlier run, its service since renamed, holding `hostPort`. */
export async function leaveStaleContainer(
  target: FaultTarget,
  hostPort: number,
  identity = etlCycleContainer(target.project, 'db-legacy'),
): Promise<void> {
  const stale = await target.docker.createContainer({
    Image: 'etl-cycle/busybox:1',
    name: identity.name,
    Cmd: ['sh', '-c', 'while true; do nc -l -p 5432 >/dev/null 2>&1; done'],
    Labels: { ...identity.labels, ...target.labels },
    ExposedPorts: { '5432/tcp': {} },
    // A shell loop as PID 1 ignores SIGTERM; a real leftover database would stop at once.
    StopSignal: 'SIGKILL',
    HostConfig: { PortBindings: { '5432/tcp': [{ HostPort: String(hostPort) }] } },
  });
  await stale.start();
}

/**
 * The example's data volume as a crashed run left it: an older, non-transactional migration
 * wrote its "version 1 applied" marker (and a grant) and died before creating the tables.
 */
export async function seedHalfMadeSchema(
  target: FaultTarget,
  volumeLabels = etlCycleVolumeLabels(target.project, 'pgdata'),
): Promise<void> {
  const volume = `${target.project}_pgdata`;
  await target.docker.createVolume({ Name: volume, Labels: { ...volumeLabels, ...target.labels } });
  const seeder = await target.docker.createContainer({
    Image: 'etl-cycle/postgres:15',
    name: `${target.project}-fault-seeder`,
    Env: ['POSTGRES_USER=etl_admin', 'POSTGRES_PASSWORD=admin-secret', 'POSTGRES_DB=warehouse'],
    Labels: { 'etl-cycle.fault-seeder': '1', ...target.labels },
    HostConfig: { Binds: [`${volume}:/var/lib/postgresql/data`] },
  });
  await seeder.start();
  try {
    let ready = false;
    for (let i = 0; i < 60 && !ready; i += 1) {
      ready = (await runExec(seeder, ['pg_isready', '-h', '127.0.0.1', '-U', 'etl_admin'])) === 0;
      if (!ready) await new Promise((r) => setTimeout(r, 500));
    }
    if (!ready) throw new Error('the seeding database did not start');
    const sql =
      'CREATE ROLE etl_loader LOGIN; CREATE SCHEMA etl; GRANT USAGE ON SCHEMA etl TO etl_loader;' +
      ' CREATE TABLE etl.schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());' +
      ' INSERT INTO etl.schema_migrations (version) VALUES (1);';
    const code = await runExec(seeder, ['psql', '-v', 'ON_ERROR_STOP=1', '-U', 'etl_admin', '-d', 'warehouse', '-c', sql]);
    if (code !== 0) throw new Error(`seeding the half-made schema failed (psql exit ${code})`);
  } finally {
    await seeder.remove({ force: true });
  }
}
