import { DockerError, UsageError } from '../../core/errors.js';
import type { ContainerInfo } from '../engine/engine-client.js';
import { ownedBy } from '../labels.js';
import { foreignResourceError } from './foreign-resource-error.js';
import { containerNameFor } from './resource-names.js';
import type { StackContext } from './stack-context.js';

/** The container of a service of this project, checked to be ours. */
export async function findServiceContainer(ctx: StackContext, serviceName: string, operation: string): Promise<ContainerInfo> {
  const service = ctx.project.services.find((s) => s.name === serviceName);
  if (!service) {
    throw new UsageError(
      `service "${serviceName}" is not in project "${ctx.project.name}" (services: ${ctx.project.services.map((s) => s.name).join(', ') || 'none'})`,
    );
  }
  const name = containerNameFor(ctx.project, service);
  const info = await ctx.engine.inspectContainer(name);
  if (!info) {
    throw new DockerError(
      operation,
      `no container ${name} for service "${serviceName}" of project "${ctx.project.name}": it was never created or has been removed`,
      { statusCode: 404 },
    );
  }
  if (!ownedBy(info.labels, ctx.project.name)) throw foreignResourceError('container', name, ctx.project.name);
  return info;
}
