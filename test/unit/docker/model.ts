import type { ProjectModel, ServiceModel } from '../../../docker/types.js';

/** A minimal valid service model with `overrides` applied. */
export function service(name: string, overrides: Partial<ServiceModel> = {}): ServiceModel {
  return {
    name,
    image: 'etl-cycle/busybox:1',
    environment: {},
    ports: [],
    volumes: [],
    dependsOn: [],
    labels: {},
    networks: [],
    aliases: [],
    extraHosts: [],
    tty: false,
    stdinOpen: false,
    disabled: false,
    ...overrides,
  };
}

export function project(name: string, services: ServiceModel[], overrides: Partial<ProjectModel> = {}): ProjectModel {
  return { name, workingDir: '/work', services, networks: [], volumes: [], ...overrides };
}
