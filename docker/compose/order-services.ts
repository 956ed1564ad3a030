/**
 * Puts services in dependency order: every service after everything it depends on. Services
 * keep their file order wherever dependencies allow it, so the order is stable and predictable.
 * A dependency on a service that does not exist, or a cycle, is a located ComposeError that
 * spells out the name or the whole cycle.
 */
import type { ServiceModel } from '../types.js';
import type { ComposeSource } from './compose-source.js';

export function orderServices(source: ComposeSource, services: readonly ServiceModel[]): ServiceModel[] {
  const byName = new Map(services.map((service) => [service.name, service]));
  const ordered: ServiceModel[] = [];
  const done = new Set<string>();
  const visiting: string[] = [];

  const visit = (service: ServiceModel): void => {
    if (done.has(service.name)) return;
    visiting.push(service.name);
    for (const dependency of service.dependsOn) {
      const target = byName.get(dependency.service);
      if (!target) {
        const known = [...byName.keys()].join(', ');
        throw source.error(
          ['services', service.name, 'depends_on', dependency.service],
          `depends on unknown service "${dependency.service}"; known services: ${known}`,
        );
      }
      const cycleStart = visiting.indexOf(target.name);
      if (cycleStart >= 0) {
        const cycle = [...visiting.slice(cycleStart), target.name].join(' → ');
        throw source.error(
          ['services', service.name, 'depends_on', dependency.service],
          `dependency cycle: ${cycle}; remove one of these depends_on entries`,
        );
      }
      visit(target);
    }
    visiting.pop();
    done.add(service.name);
    ordered.push(service);
  };

  for (const service of services) visit(service);
  return ordered;
}
