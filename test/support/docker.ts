/**
 * Test-side access to the real engine: what tests use to arrange faults (a foreign container
 * holding a port, a leftover from an "earlier run") and to check the engine's state afterwards.
 * Everything a test creates carries TEST_LABEL so the suite can prove it cleaned up.
 */
import Docker from 'dockerode';

export const TEST_LABEL = 'etl-cycle.test';
export const BUSYBOX_IMAGE = 'etl-cycle/busybox:1';
export const POSTGRES_IMAGE = 'etl-cycle/postgres:15';

let shared: Docker | undefined;
export function testDocker(): Docker {
  shared ??= new Docker();
  return shared;
}

export interface Leftovers {
  containers: string[];
  networks: string[];
  volumes: string[];
}

/** Containers, networks and volumes carrying every one of `labels` (`key` or `key=value`). */
export async function resourcesWithLabels(labels: string[]): Promise<Leftovers> {
  const docker = testDocker();
  const filters = JSON.stringify({ label: labels });
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return {
    containers: containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')),
    networks: networks.map((n) => n.Name),
    volumes: (volumes.Volumes ?? []).map((v) => v.Name),
  };
}

/** Force-remove everything carrying all of `labels`. */
export async function removeResourcesWithLabels(labels: string[]): Promise<void> {
  const docker = testDocker();
  const filters = JSON.stringify({ label: labels });
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
  const networks = await docker.listNetworks({ filters });
  await Promise.all(
    networks.map((n) =>
      docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => undefined),
    ),
  );
  const volumes = await docker.listVolumes({ filters });
  await Promise.all(
    (volumes.Volumes ?? []).map((v) =>
      docker
        .getVolume(v.Name)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

/** A project name unique to this test run, safe for Docker names. */
export function uniqueProjectName(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 7)}`.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
}
