/**
 * A Compose service as a Swarm service spec, the way `docker stack deploy` converts it:
 * entrypoint/command → Command/Args, extra_hosts → /etc/hosts lines, `deploy:` → mode, resources,
 * restart policy, placement, update and rollback config, endpoint mode; published ports through
 * the routing mesh; named volumes created (labelled) by the engine on whichever node runs a task.
 */
import { ns, toEngineHealthcheck } from '../engine/to-engine-healthcheck.js';
import type { ServiceMount, ServiceSpec, UpdatePolicy } from '../engine/swarm-client.js';
import { networkFor, serviceNetworkKeys, volumeFor } from '../stack/resource-names.js';
import type { ProjectModel, ServiceModel, UpdateSettings } from '../types.js';
import { swarmServiceName } from './swarm-names.js';

export interface ServiceSpecInit {
  /** Labels of the service object (ownership, namespace, deploy.labels). */
  labels: Record<string, string>;
  /** Labels of its task containers. */
  containerLabels: Record<string, string>;
  /** Labels of each named volume of ours, by Compose key. */
  volumeLabels: (key: string) => Record<string, string>;
  memLimitBytes?: number;
  /** Runs once and exits (readiness `completed`, or awaited with service_completed_successfully): never restarted by default. */
  oneShot: boolean;
}

function toUpdatePolicy(settings: UpdateSettings | undefined): UpdatePolicy | undefined {
  if (!settings) return undefined;
  return {
    parallelism: settings.parallelism,
    delayNs: ns(settings.delayMs),
    failureAction: settings.failureAction,
    monitorNs: ns(settings.monitorMs),
    maxFailureRatio: settings.maxFailureRatio,
    order: settings.order,
  };
}

/** deploy.restart_policy, else Compose's `restart:` as stack deploy maps it, else none for one-shot services. */
function restartPolicyOf(service: ServiceModel, oneShot: boolean): ServiceSpec['restartPolicy'] {
  const policy = service.deploy?.restartPolicy;
  if (policy)
    return { condition: policy.condition, delayNs: ns(policy.delayMs), maxAttempts: policy.maxAttempts, windowNs: ns(policy.windowMs) };
  if (service.restart) {
    const [name, count] = service.restart.split(':');
    if (name === 'no') return { condition: 'none' };
    if (name === 'on-failure') return { condition: 'on-failure', ...(count ? { maxAttempts: Number(count) } : {}) };
    return { condition: 'any' };
  }
  return oneShot ? { condition: 'none' } : undefined;
}

/** Compose's "host:ip" as an /etc/hosts line "ip host" (the ip may itself hold colons). */
function hostsLine(entry: string): string {
  const colon = entry.indexOf(':');
  return colon < 0 ? entry : `${entry.slice(colon + 1)} ${entry.slice(0, colon)}`;
}

export function toServiceSpec(project: ProjectModel, service: ServiceModel, init: ServiceSpecInit): ServiceSpec {
  const deploy = service.deploy;
  const mounts = service.volumes.map((mount): ServiceMount => {
    if (mount.type !== 'volume' || mount.source === undefined)
      return { type: mount.type, source: mount.source, target: mount.target, readOnly: mount.readOnly };
    const volume = volumeFor(project, mount.source);
    return {
      type: 'volume',
      source: volume.name,
      target: mount.target,
      readOnly: mount.readOnly,
      ...(volume.external
        ? {}
        : {
            volumeLabels: init.volumeLabels(volume.key),
            ...(volume.driver ? { volumeDriver: volume.driver } : {}),
            ...(volume.driverOpts ? { volumeDriverOptions: volume.driverOpts } : {}),
          }),
    };
  });
  const cpus = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 1e9));
  return {
    name: swarmServiceName(project, service),
    labels: init.labels,
    image: service.image,
    ...(service.entrypoint?.length ? { command: service.entrypoint } : {}),
    ...(service.command ? { args: service.command } : {}),
    env: Object.entries(service.environment).map(([key, value]) => `${key}=${value}`),
    containerLabels: init.containerLabels,
    ...(service.user ? { user: service.user } : {}),
    ...(service.workingDir ? { workingDir: service.workingDir } : {}),
    ...(service.hostname ? { hostname: service.hostname } : {}),
    tty: service.tty,
    openStdin: service.stdinOpen,
    hosts: service.extraHosts.map(hostsLine),
    ...(service.healthcheck ? { healthcheck: toEngineHealthcheck(service.healthcheck) } : {}),
    ...(service.stopGracePeriodMs === undefined ? {} : { stopGracePeriodNs: ns(service.stopGracePeriodMs) }),
    mounts,
    networks: serviceNetworkKeys(service).map((key) => ({
      target: networkFor(project, key).name,
      aliases: [service.name, ...service.aliases],
    })),
    mode: deploy?.mode === 'global' ? { kind: 'global' } : { kind: 'replicated', replicas: deploy?.replicas ?? 1 },
    limits: { nanoCpus: cpus(deploy?.cpusLimit), memoryBytes: init.memLimitBytes, pids: deploy?.pidsLimit },
    reservations: { nanoCpus: cpus(deploy?.cpusReservation), memoryBytes: deploy?.memoryReservationBytes },
    restartPolicy: restartPolicyOf(service, init.oneShot),
    ...(deploy?.placement
      ? {
          placement: {
            constraints: deploy.placement.constraints,
            preferences: deploy.placement.preferences,
            maxReplicas: deploy.placement.maxReplicasPerNode,
          },
        }
      : {}),
    ...(deploy?.updateConfig ? { updateConfig: toUpdatePolicy(deploy.updateConfig) } : {}),
    ...(deploy?.rollbackConfig ? { rollbackConfig: toUpdatePolicy(deploy.rollbackConfig) } : {}),
    endpointMode: deploy?.endpointMode ?? 'vip',
    ports: service.ports
      .filter((p) => p.published)
      .map((p) => ({
        protocol: p.protocol,
        targetPort: p.containerPort,
        ...(p.hostPort ? { publishedPort: p.hostPort } : {}),
        publishMode: 'ingress',
      })),
  };
}

/** The number of tasks a service should run: its replicas, or `undefined` for global (one per eligible node). */
export function desiredReplicas(service: ServiceModel): number | undefined {
  return service.deploy?.mode === 'global' ? undefined : (service.deploy?.replicas ?? 1);
}
