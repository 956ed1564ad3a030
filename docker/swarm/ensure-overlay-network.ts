import { OwnershipError, errorMessage } from '../../core/errors.js';
import { StackUpError } from '../errors.js';
import { ownedBy } from '../labels.js';
import type { NetworkModel } from '../types.js';
import type { SwarmStackContext } from './swarm-context.js';
import { swarmResourceLabels } from './swarm-labels.js';

/**
 * A network for Swarm services: an overlay, attachable so that readiness probe containers can
 * join it too. External ones must exist with a swarm-wide driver; ours are reused; one of ours
 * that is not an overlay (left by a run in container mode) is replaced; a foreign one under our
 * name stops everything.
 */
export async function ensureOverlayNetwork(ctx: SwarmStackContext, network: NetworkModel, service: string): Promise<void> {
  const existing = await ctx.engine.inspectNetwork(network.name);
  if (network.external) {
    if (!existing)
      throw new StackUpError({ service, stage: 'network', detail: `network ${network.name} declared as external, but could not be found` });
    if (existing.driver === 'bridge') {
      throw new StackUpError({
        service,
        stage: 'network',
        detail: `external network ${network.name} is a bridge network; Swarm services need an overlay network`,
      });
    }
    return;
  }
  if (existing) {
    if (!ownedBy(existing.labels, ctx.project.name)) {
      throw new OwnershipError(
        'network',
        network.name,
        `network "${network.name}" exists but was not created by etl-cycle for project "${ctx.project.name}"; etl-cycle will not touch it: remove it yourself (docker network rm ${network.name}) or declare it external`,
      );
    }
    if (existing.driver === 'overlay') return;
    await ctx.engine.removeNetwork(existing.id);
  }
  try {
    await ctx.engine.createNetwork({
      name: network.name,
      driver: network.driver && network.driver !== 'bridge' ? network.driver : 'overlay',
      attachable: true,
      labels: swarmResourceLabels(ctx, network.key, network.labels),
    });
  } catch (error) {
    throw new StackUpError({ service, stage: 'network', detail: errorMessage(error), cause: error });
  }
}
