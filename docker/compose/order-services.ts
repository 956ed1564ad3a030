/**
 * Puts services in dependency order: every service after everything it depends on, in file
 * order wherever dependencies allow it (core/graph.ts), so the order is stable and predictable.
 * A dependency on a service that does not exist, or a cycle, is a located ComposeError that
 * spells out the name or the whole cycle.
 */
import { findDependencyCycle, topologicalOrder } from '../../core/graph.js';
import type { ServiceModel } from '../types.js';
import type { ComposeSource } from './compose-source.js';

export function orderServices(source: ComposeSource, services: readonly ServiceModel[]): ServiceModel[] {
  const byName = new Map(services.map((service) => [service.name, service]));
  for (const service of services) {
    for (const dependency of service.dependsOn) {
      if (byName.has(dependency.service)) continue;
      throw source.error(
        ['services', service.name, 'depends_on', dependency.service],
        `depends on unknown service "${dependency.service}"; known services: ${[...byName.keys()].join(', ')}`,
      );
    }
  }
  const names = services.map((service) => service.name);
  const dependenciesOf = (name: string) => byName.get(name)!.dependsOn.map((dependency) => dependency.service);
  const cycle = findDependencyCycle(names, dependenciesOf);
  if (cycle) {
    // Located at the edge that closes the cycle: the last service of it depending on the first.
    throw source.error(
      ['services', cycle[cycle.length - 2]!, 'depends_on', cycle[cycle.length - 1]!],
      `dependency cycle: ${cycle.join(' → ')}; remove one of these depends_on entries`,
    );
  }
  return topologicalOrder(names, dependenciesOf).map((name) => byName.get(name)!);
}
