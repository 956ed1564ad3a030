/**
 * Engine names, as Docker Compose v2 makes them, so that a user who knows Compose finds
 * etl-cycle's containers, networks and volumes where they expect them.
 */
import type { NetworkModel, ProjectModel, ServiceModel, VolumeModel } from '../types.js';

export function containerNameFor(project: ProjectModel, service: ServiceModel): string {
  return service.containerName ?? `${project.name}-${service.name}-1`;
}

/** The project's network with this key; `default` exists even when the Compose file declares no networks. */
export function networkFor(project: ProjectModel, key: string): NetworkModel {
  const declared = project.networks.find((network) => network.key === key);
  if (declared) return declared.name ? declared : { ...declared, name: `${project.name}_${key}` };
  return { key, name: `${project.name}_${key}`, external: false, labels: {} };
}

export function volumeFor(project: ProjectModel, key: string): VolumeModel {
  const declared = project.volumes.find((volume) => volume.key === key);
  if (declared) return declared.name ? declared : { ...declared, name: `${project.name}_${key}` };
  return { key, name: `${project.name}_${key}`, external: false, labels: {} };
}

/** Network keys a service joins (Compose's default when it names none). */
export function serviceNetworkKeys(service: ServiceModel): string[] {
  return service.networks.length > 0 ? service.networks : ['default'];
}

/** Services that take part in `up` (a profile can leave one out). */
export function enabledServices(project: ProjectModel): ServiceModel[] {
  return project.services.filter((service) => !service.disabled);
}
