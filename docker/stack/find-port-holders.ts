import { LABELS, ownedBy } from '../labels.js';
import type { PortHolder } from '../types.js';
import type { StackContext } from './stack-context.js';

/** Every running container publishing `port` on the host, whoever owns it: who holds a port we need. */
export async function findPortHolders(ctx: StackContext, port: number): Promise<PortHolder[]> {
  const running = await ctx.engine.listContainers({ all: false });
  return running
    .filter((container) => container.ports.some((binding) => binding.hostPort === port))
    .map((container) => ({
      port,
      containerName: container.name,
      containerId: container.id,
      ours: ownedBy(container.labels, ctx.project.name),
      project: container.labels[LABELS.project],
      service: container.labels[LABELS.service],
    }));
}
