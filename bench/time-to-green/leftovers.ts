/**
 * Engine-side faults: what an earlier run of the same tool left behind. The fault is the same
 * for every contender (same image, same name pattern, same port, same half-made schema); only
 * the ownership labels differ, so each tool meets a leftover it can recognise as its own
 * project's — etl-cycle's labels for etl-cycle, docker-compose's project labels for the shell
 * loops (compose 1.29 names them `<project>_<service>_1` and reports them as orphans).
 */
import type Docker from 'dockerode';
import {
  etlCycleContainer,
  etlCycleVolumeLabels,
  leaveStaleContainer,
  seedHalfMadeSchema as seedHalfMadeSchemaVolume,
} from '../../examples/faults.js';

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
  if (target.flavour === 'etl-cycle') return etlCycleContainer(target.project, service);
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
    ? etlCycleVolumeLabels(target.project, key)
    : { 'com.docker.compose.project': target.project, 'com.docker.compose.volume': key, 'com.docker.compose.version': COMPOSE_VERSION };
}

/**
 * A container of this project from an earlier run, its service since renamed (`db-legacy`),
 * still running and holding the database's published port (examples/faults.ts, owned by the
 * contender's tool).
 */
export async function leaveStalePortHolder(target: FaultTarget): Promise<void> {
  await leaveStaleContainer(
    { docker: target.docker, project: target.project, labels: target.labels },
    target.dbPort,
    containerIdentity(target, 'db-legacy'),
  );
}

/**
 * The data volume as a crashed run left it: an older, non-transactional migration recorded
 * "schema version 1 applied" (and a role and a grant) and died before creating the tables.
 * The stack's orchestrator trusts the marker, so it fails on the missing table until the
 * volume is recreated.
 */
export async function seedHalfMadeSchema(target: FaultTarget): Promise<void> {
  await seedHalfMadeSchemaVolume({ docker: target.docker, project: target.project, labels: target.labels }, volumeLabels(target, 'pgdata'));
}
