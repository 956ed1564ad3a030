import { errorMessage } from '../../core/errors.js';
import { StackUpError } from '../errors.js';
import { ownedBy } from '../labels.js';
import type { NetworkModel } from '../types.js';
import { foreignResourceError } from './foreign-resource-error.js';
import { resourceLabels } from './resource-labels.js';
import type { StackContext } from './stack-context.js';

/**
 * Makes sure a network the stack needs exists: an external one must already be there (it is
 * used, never created); one of ours is reused; a foreign one under our name stops everything.
 * `service` names the first service that needs it, for the error.
 */
export async function ensureNetwork(ctx: StackContext, network: NetworkModel, service: string): Promise<void> {
  const existing = await ctx.engine.inspectNetwork(network.name);
  if (network.external) {
    if (!existing) {
      throw new StackUpError({ service, stage: 'network', detail: `network ${network.name} declared as external, but could not be found` });
    }
    return;
  }
  if (existing) {
    if (!ownedBy(existing.labels, ctx.project.name)) throw foreignResourceError('network', network.name, ctx.project.name);
    ctx.logger.debug('reusing network', { network: network.name });
    return;
  }
  try {
    await ctx.engine.createNetwork({
      name: network.name,
      driver: network.driver,
      labels: resourceLabels(ctx, network.key, network.labels),
    });
  } catch (error) {
    throw new StackUpError({ service, stage: 'network', detail: errorMessage(error), cause: error });
  }
}
