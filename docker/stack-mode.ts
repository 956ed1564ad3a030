/**
 * Containers or Swarm services, decided once the engine is known, and what of the Compose file
 * each can honour. `docker.mode` in etl-cycle.yaml: `containers` (one container per service, as
 * `docker compose up`), `swarm` (services, as `docker stack deploy`; needs a manager), `auto`
 * (swarm when the engine is an active Swarm manager). Settings one mode cannot honour are refused
 * when ignoring them would run a different stack (3 replicas as 1 container), else warned about,
 * each naming its place in the Compose file. All of it happens before anything is created.
 */
import { ComposeError, ConfigError } from '../core/errors.js';
import type { SwarmStatus } from './engine/swarm-client.js';
import type { ProjectModel, ServiceModel } from './types.js';

export const STACK_MODE_SETTINGS = ['auto', 'containers', 'swarm'] as const;
export type StackModeSetting = (typeof STACK_MODE_SETTINGS)[number];
export type StackMode = 'containers' | 'swarm';

function describeSwarm(swarm: SwarmStatus): string {
  if (swarm.localNodeState !== 'active') return `its swarm state is ${swarm.localNodeState}`;
  return swarm.controlAvailable ? 'it is a Swarm manager' : 'it is a Swarm worker, which cannot create services';
}

export function chooseStackMode(setting: StackModeSetting, swarm: SwarmStatus | undefined, engine: string): StackMode {
  if (setting === 'containers') return 'containers';
  const manager = swarm !== undefined && swarm.localNodeState === 'active' && swarm.controlAvailable;
  if (setting === 'swarm' && !manager) {
    throw new ConfigError(
      `docker.mode: swarm needs a Swarm manager, but the engine at ${engine} is not one (${swarm ? describeSwarm(swarm) : 'unknown'}): run \`docker swarm init\` there, point --engine at a manager, or set docker.mode to containers`,
    );
  }
  return manager ? 'swarm' : 'containers';
}

function where(project: ProjectModel, service: ServiceModel, key: string): string {
  return service.deploy?.locations[key] ?? `${project.composeFile ?? 'compose file'}: services.${service.name}.deploy.${key}`;
}

/** Keys of `deploy:` only Swarm acts on, with what a container stack does instead. */
const SWARM_ONLY: Record<string, string> = {
  placement: 'there is one machine',
  update_config: 'every iteration recreates the containers',
  rollback_config: 'every iteration recreates the containers',
  endpoint_mode: 'containers are reached by name on their networks',
  restart_policy: 'use restart: for a container restart policy',
  cpus: 'no CPU limit is set',
  pids: 'no pids limit is set',
  reservations: 'nothing is reserved',
  labels: 'the containers carry labels:',
};

/** For the container stack: refuses more (or fewer) than one container, warns about Swarm-only settings. */
export function checkForContainers(project: ProjectModel, engine: string): string[] {
  const warnings: string[] = [];
  for (const service of project.services.filter((s) => !s.disabled)) {
    const deploy = service.deploy;
    if (!deploy) continue;
    if (deploy.mode === 'global') {
      throw new ComposeError(
        `${where(project, service, 'mode')}: mode global needs Swarm mode, and the engine at ${engine} runs containers (docker.mode, or a Swarm manager)`,
      );
    }
    if (deploy.replicas !== undefined && deploy.replicas !== 1) {
      const hint = deploy.replicas === 0 ? ' (to leave a service out, use profiles:)' : '';
      throw new ComposeError(
        `${where(project, service, 'replicas')}: ${deploy.replicas} replicas need Swarm mode (a Swarm manager, docker.mode auto or swarm); with containers etl-cycle runs one per service, so set it to 1 or remove it${hint}`,
      );
    }
    for (const [key, instead] of Object.entries(SWARM_ONLY)) {
      if (deploy.locations[key]) warnings.push(`${deploy.locations[key]} is honoured in Swarm mode only and ignored here (${instead})`);
    }
  }
  return warnings;
}

/** For the Swarm stack: what Swarm cannot do as written. */
export function checkForSwarm(project: ProjectModel): string[] {
  const warnings: string[] = [];
  const file = project.composeFile ?? 'compose file';
  for (const service of project.services.filter((s) => !s.disabled)) {
    const at = (key: string) => `${file}: services.${service.name}.${key}`;
    if (service.deploy?.endpointMode === 'dnsrr' && service.ports.some((p) => p.published)) {
      throw new ComposeError(
        `${where(project, service, 'endpoint_mode')}: dnsrr cannot publish ports through the routing mesh; use endpoint_mode vip or remove the published ports`,
      );
    }
    if (service.containerName) warnings.push(`${at('container_name')} is ignored in Swarm mode: Swarm names each task's container`);
    if (service.ports.some((p) => p.hostIp))
      warnings.push(`${at('ports')}: host_ip is ignored in Swarm mode: ports are published on every node`);
    if (service.build) warnings.push(`${at('build')}: the image is built on the manager only; other nodes need it from a registry`);
  }
  return warnings;
}
