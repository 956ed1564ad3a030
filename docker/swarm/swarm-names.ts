/**
 * Names in Swarm mode, as `docker stack deploy` makes them (`<project>_<service>` services on
 * `<project>_<network>` networks), and the stack namespace label, so that `docker stack ls`,
 * `docker stack services <project>` and `docker stack ps <project>` show an etl-cycle stack too.
 */
import type { ProjectModel, ServiceModel } from '../types.js';

export const STACK_NAMESPACE_LABEL = 'com.docker.stack.namespace';
/** The label Swarm puts on every task container, naming its service's id. */
export const TASK_SERVICE_ID_LABEL = 'com.docker.swarm.service.id';

export function swarmServiceName(project: ProjectModel, service: ServiceModel | string): string {
  return `${project.name}_${typeof service === 'string' ? service : service.name}`;
}
