import { DockerUnavailableError, errorMessage } from '../../core/errors.js';
import { StackUpError } from '../errors.js';
import { ownedBy } from '../labels.js';
import type { ServiceModel } from '../types.js';
import { hashServiceConfig } from './config-hash.js';
import { foreignResourceError } from './foreign-resource-error.js';
import { containerLabels } from './resource-labels.js';
import { containerNameFor, networkFor, serviceNetworkKeys } from './resource-names.js';
import type { StackContext } from './stack-context.js';
import { toContainerSpec } from './to-container-spec.js';

export interface CreatedContainer {
  id: string;
  name: string;
}

/**
 * Creates the service's container, labelled, on all its networks. A container of ours under the
 * same name (an earlier attempt) is removed first: every `up` starts from fresh containers. A
 * foreign one is never touched.
 */
export async function createContainer(
  ctx: StackContext,
  service: ServiceModel,
  memLimitBytes: number | undefined,
): Promise<CreatedContainer> {
  const name = containerNameFor(ctx.project, service);
  const existing = await ctx.engine.inspectContainer(name);
  if (existing) {
    if (!ownedBy(existing.labels, ctx.project.name)) throw foreignResourceError('container', name, ctx.project.name);
    ctx.logger.debug('replacing our earlier container', { service: service.name, container: name });
    // Stopped with its grace period first: a database killed outright pays for it in recovery time.
    if (existing.state.running) {
      await ctx.engine.stopContainer(existing.id, {
        timeoutSeconds: service.stopGracePeriodMs === undefined ? undefined : Math.ceil(service.stopGracePeriodMs / 1000),
      });
    }
    await ctx.engine.removeContainer(existing.id, { force: true, removeVolumes: true });
  }

  const labels = containerLabels(ctx, service.name, service.labels, hashServiceConfig(service, memLimitBytes));
  const asStackError = (error: unknown): never => {
    if (error instanceof DockerUnavailableError) throw error;
    throw new StackUpError({ service: service.name, stage: 'create', detail: errorMessage(error), cause: error });
  };
  const id = await ctx.engine.createContainer(toContainerSpec(ctx.project, service, { name, labels, memLimitBytes })).catch(asStackError);
  for (const key of serviceNetworkKeys(service).slice(1)) {
    await ctx.engine
      .connectNetwork(networkFor(ctx.project, key).name, id, { aliases: [service.name, ...service.aliases] })
      .catch(asStackError);
  }
  return { id, name };
}
