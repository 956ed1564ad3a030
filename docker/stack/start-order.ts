import { ComposeError } from '../../core/errors.js';
import { dependencyLevels, findDependencyCycle } from '../../core/graph.js';
import { StackUpError } from '../errors.js';
import type { ServiceModel } from '../types.js';

/**
 * Services in dependency levels: every service comes in a later level than everything it depends
 * on, and the services of one level do not depend on each other (so they can start together, and
 * cleanup stops the levels in reverse). A dependency outside `services` is ignored when it is
 * optional (`required: false`) and an error when it is required; a cycle is an error.
 */
export function serviceLevels(services: readonly ServiceModel[]): ServiceModel[][] {
  const byName = new Map(services.map((service) => [service.name, service]));
  const dependencies = new Map<string, string[]>();
  for (const service of services) {
    const present: string[] = [];
    for (const dependency of service.dependsOn) {
      if (byName.has(dependency.service)) present.push(dependency.service);
      else if (dependency.required) {
        throw new StackUpError({
          service: service.name,
          stage: 'dependency',
          detail: `service "${dependency.service}" is required by "${service.name}" but is not part of this run (undefined, or disabled by a profile)`,
        });
      }
    }
    dependencies.set(service.name, present);
  }

  const names = services.map((service) => service.name);
  const dependenciesOf = (name: string) => dependencies.get(name) ?? [];
  const cycle = findDependencyCycle(names, dependenciesOf);
  if (cycle) {
    const members = [...new Set(cycle)].join(', ');
    throw new ComposeError(
      `services ${members} depend on each other in a cycle (${cycle.join(' → ')}): remove one of their depends_on entries`,
    );
  }
  return dependencyLevels(names, dependenciesOf).map((level) => level.map((name) => byName.get(name)!));
}

/** The dependencies of `service` that take part in this run. */
export function presentDependencies(service: ServiceModel, services: readonly ServiceModel[]): ServiceModel['dependsOn'] {
  const names = new Set(services.map((s) => s.name));
  return service.dependsOn.filter((dependency) => names.has(dependency.service));
}
