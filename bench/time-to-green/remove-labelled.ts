import type Docker from 'dockerode';

/**
 * Force-removes the containers, then the networks, then the volumes carrying `label`
 * (`key=value`): what one benchmark run (or the whole session) left on the engine.
 * Returns how many resources it removed.
 */
export async function removeLabelled(docker: Docker, label: string): Promise<number> {
  const filters = JSON.stringify({ label: [label] });
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(ignoreMissing)));
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(ignoreMissing)));
  const volumes = (await docker.listVolumes({ filters })).Volumes ?? [];
  await Promise.all(volumes.map((v) => docker.getVolume(v.Name).remove({ force: true }).catch(ignoreMissing)));
  return containers.length + networks.length + volumes.length;
}

/** A resource removed meanwhile (by the contender's own teardown) is what we wanted anyway. */
function ignoreMissing(error: unknown): void {
  if ((error as { statusCode?: number }).statusCode !== 404) throw error;
}
