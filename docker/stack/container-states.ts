import { LABELS, projectFilter } from '../labels.js';
import type { ContainerState } from '../types.js';
import type { StackContext } from './stack-context.js';
import { toContainerState } from './to-container-state.js';

/** The engine's view of every service container of this project, in the model's service order. */
export async function containerStates(ctx: StackContext): Promise<ContainerState[]> {
  if (ctx.project.services.length === 0) return [];
  const containers = await ctx.engine.listContainers({ labels: projectFilter(ctx.project.name).label, all: true });
  const states: ContainerState[] = [];
  for (const service of ctx.project.services) {
    for (const container of containers.filter((c) => c.labels[LABELS.service] === service.name)) {
      const info = await ctx.engine.inspectContainer(container.id);
      if (info) states.push(toContainerState(service.name, info));
    }
  }
  return states;
}
