import type { CreateContainerSpec, RestartPolicy } from '../engine/engine-client.js';
import { toEngineHealthcheck } from '../engine/to-engine-healthcheck.js';
import type { ProjectModel, ServiceModel } from '../types.js';
import { networkFor, serviceNetworkKeys, volumeFor } from './resource-names.js';

/** Compose's `restart:` value ("no", "always", "unless-stopped", "on-failure[:N]") as the engine's policy. */
function toRestartPolicy(restart: string | undefined): RestartPolicy | undefined {
  if (!restart) return undefined;
  const [name = '', count] = restart.split(':');
  if (name === 'on-failure') return { name, maximumRetryCount: count === undefined ? 0 : Number(count) };
  return { name: name as RestartPolicy['name'] };
}

/** stop_grace_period in the engine's unit (whole seconds, rounded up so a grace is never cut short); undefined = the engine's 10 s. */
export function stopTimeoutSeconds(service: Pick<ServiceModel, 'stopGracePeriodMs'>): number | undefined {
  return service.stopGracePeriodMs === undefined ? undefined : Math.ceil(service.stopGracePeriodMs / 1000);
}

/** The engine's create request for a service container, on its first network (the others are joined after creation). */
export function toContainerSpec(
  project: ProjectModel,
  service: ServiceModel,
  init: { name: string; labels: Record<string, string>; memLimitBytes?: number },
): CreateContainerSpec {
  const [firstNetwork] = serviceNetworkKeys(service);
  const exposed = new Map(service.ports.map((p) => [`${p.containerPort}/${p.protocol}`, { port: p.containerPort, protocol: p.protocol }]));
  return {
    name: init.name,
    image: service.image,
    cmd: service.command,
    entrypoint: service.entrypoint,
    env: Object.entries(service.environment).map(([key, value]) => `${key}=${value}`),
    labels: init.labels,
    exposedPorts: [...exposed.values()],
    portBindings: service.ports
      .filter((p) => p.published)
      .map((p) => ({ containerPort: p.containerPort, protocol: p.protocol, hostPort: p.hostPort, hostIp: p.hostIp })),
    mounts: service.volumes.map((mount) => ({
      type: mount.type,
      // A named volume's key becomes its engine name; anonymous volumes and tmpfs have no source.
      source: mount.type === 'volume' && mount.source !== undefined ? volumeFor(project, mount.source).name : mount.source,
      target: mount.target,
      readOnly: mount.readOnly,
    })),
    healthcheck: service.healthcheck && toEngineHealthcheck(service.healthcheck),
    memoryBytes: init.memLimitBytes,
    network:
      firstNetwork === undefined
        ? undefined
        : { name: networkFor(project, firstNetwork).name, aliases: [service.name, ...service.aliases] },
    user: service.user,
    workingDir: service.workingDir,
    hostname: service.hostname,
    extraHosts: service.extraHosts,
    restartPolicy: toRestartPolicy(service.restart),
    tty: service.tty,
    openStdin: service.stdinOpen,
    stopTimeoutSeconds: stopTimeoutSeconds(service),
    stopSignal: service.stopSignal,
  };
}
