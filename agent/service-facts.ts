import type { ProjectModel } from '../docker/types.js';
import type { ServiceFacts } from './plan.js';

/** What the planner needs to know about each service, from the Compose model. */
export function serviceFactsOf(project: ProjectModel): ServiceFacts[] {
  return project.services.map((service) => ({
    name: service.name,
    hasHealthcheck: service.healthcheck !== undefined && service.healthcheck.test[0] !== 'NONE',
    memLimitBytes: service.memLimitBytes,
    ports: service.ports.map((p) => ({ container: p.containerPort, host: p.hostPort })),
    oneShot: project.services.some((other) =>
      other.dependsOn.some((d) => d.service === service.name && d.condition === 'service_completed_successfully'),
    ),
    hostnames: [
      service.name,
      ...service.aliases,
      ...(service.containerName ? [service.containerName] : []),
      ...(service.hostname ? [service.hostname] : []),
    ],
  }));
}
