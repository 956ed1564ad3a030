/**
 * The read side of a Swarm stack: task states for the classifier, service logs, exec into a task
 * container on this node, and who publishes a port (containers and Swarm services alike).
 */
import { DockerError, UsageError } from '../../core/errors.js';
import { runExec } from '../engine/run-exec.js';
import { LABELS, ownedBy } from '../labels.js';
import { DEFAULT_LOG_TAIL_LINES } from '../stack/logs.js';
import type { ContainerState, ExecOptions, ExecResult, PortHolder, ServiceModel } from '../types.js';
import type { SwarmStackContext } from './swarm-context.js';
import { swarmServiceName } from './swarm-names.js';
import { representativeTask, tasksBySlot, toTaskContainerState } from './task-states.js';

function modelService(ctx: SwarmStackContext, name: string): ServiceModel {
  const service = ctx.project.services.find((s) => s.name === name);
  if (!service) {
    throw new UsageError(
      `service "${name}" is not in project "${ctx.project.name}" (services: ${ctx.project.services.map((s) => s.name).join(', ') || 'none'})`,
    );
  }
  return service;
}

async function ourService(ctx: SwarmStackContext, name: string, operation: string) {
  const serviceName = swarmServiceName(ctx.project, modelService(ctx, name));
  const info = await ctx.engine.inspectService(serviceName);
  if (!info || !ownedBy(info.labels, ctx.project.name)) {
    throw new DockerError(
      operation,
      `no Swarm service ${serviceName} of project "${ctx.project.name}": it was never created or has been removed`,
      {
        statusCode: 404,
      },
    );
  }
  return info;
}

export async function swarmContainerStates(ctx: SwarmStackContext): Promise<ContainerState[]> {
  const states: ContainerState[] = [];
  for (const service of ctx.project.services) {
    const serviceName = swarmServiceName(ctx.project, service);
    const info = await ctx.engine.inspectService(serviceName);
    if (!info || !ownedBy(info.labels, ctx.project.name)) continue;
    for (const slot of tasksBySlot(await ctx.engine.listTasks({ serviceId: info.id })).values()) {
      const task = representativeTask(slot);
      if (!task) continue;
      const container = task.containerId ? await ctx.engine.inspectContainer(task.containerId) : undefined;
      states.push(toTaskContainerState(service.name, serviceName, task, slot, container, info.memoryLimitBytes));
    }
  }
  return states;
}

export async function swarmLogs(ctx: SwarmStackContext, name: string, options: { tailLines?: number } = {}): Promise<string> {
  const info = await ourService(ctx, name, 'read service logs');
  return ctx.engine.serviceLogs(info.id, { tty: modelService(ctx, name).tty, tailLines: options.tailLines ?? DEFAULT_LOG_TAIL_LINES });
}

/** Exec runs in a running task whose container is on the node etl-cycle talks to (the Engine API has no exec across nodes). */
export async function swarmExec(ctx: SwarmStackContext, name: string, command: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const info = await ourService(ctx, name, 'exec');
  for (const task of await ctx.engine.listTasks({ serviceId: info.id })) {
    if (task.state !== 'running' || !task.containerId) continue;
    const container = await ctx.engine.inspectContainer(task.containerId);
    if (container?.state.running) return runExec(ctx.engine, ctx.logger.child({ service: name }), container.id, command, options);
  }
  throw new DockerError(
    'exec',
    `no running task of service ${info.name} is on the node etl-cycle talks to (${ctx.engine.endpoint}); exec needs one there: add a placement constraint such as node.role == manager`,
  );
}

export async function swarmPortHolders(ctx: SwarmStackContext, port: number): Promise<PortHolder[]> {
  const containers = await ctx.engine.listContainers({ all: false });
  const services = await ctx.engine.listServices();
  return [
    ...containers
      .filter((c) => c.ports.some((binding) => binding.hostPort === port))
      .map((c) => ({
        port,
        containerName: c.name,
        containerId: c.id,
        ours: ownedBy(c.labels, ctx.project.name),
        project: c.labels[LABELS.project],
        service: c.labels[LABELS.service],
      })),
    ...services
      .filter((s) => s.publishedPorts.some((p) => p.publishedPort === port))
      .map((s) => ({
        port,
        containerName: s.name,
        containerId: s.id,
        ours: ownedBy(s.labels, ctx.project.name),
        project: s.labels[LABELS.project],
        service: s.labels[LABELS.service],
      })),
  ];
}
