import { DockerUnavailableError, errorMessage } from '../../core/errors.js';
import { StackUpError } from '../errors.js';
import { ownedBy } from '../labels.js';
import type { DesiredContainer } from './desired-container.js';
import { foreignResourceError } from './foreign-resource-error.js';
import type { StackContext } from './stack-context.js';
import { stopTimeoutSeconds } from './to-container-spec.js';

export interface CreatedContainer {
  id: string;
  name: string;
}

/**
 * Creates the service's container as `desired` says, on all its networks. A container of ours
 * still under the same name (left by an interrupted attempt) is removed first; a foreign one is
 * never touched.
 */
export async function createContainer(ctx: StackContext, desired: DesiredContainer): Promise<CreatedContainer> {
  const { service, name } = desired;
  const existing = await ctx.engine.inspectContainer(name);
  if (existing) {
    if (!ownedBy(existing.labels, ctx.project.name)) throw foreignResourceError('container', name, ctx.project.name);
    ctx.logger.debug('replacing our earlier container', { service: service.name, container: name });
    // Stopped with its grace period first: a database killed outright pays for it in recovery time.
    if (existing.state.running) await ctx.engine.stopContainer(existing.id, { timeoutSeconds: stopTimeoutSeconds(service) });
    await ctx.engine.removeContainer(existing.id, { force: true, removeVolumes: true });
  }

  const asStackError = (error: unknown): never => {
    if (error instanceof DockerUnavailableError) throw error;
    throw new StackUpError({ service: service.name, stage: 'create', detail: errorMessage(error), cause: error });
  };
  const id = await ctx.engine.createContainer(desired.spec).catch(asStackError);
  for (const network of desired.extraNetworks) {
    await ctx.engine.connectNetwork(network.name, id, { aliases: network.aliases }).catch(asStackError);
  }
  return { id, name };
}
