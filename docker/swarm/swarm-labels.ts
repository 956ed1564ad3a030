/**
 * Labels in Swarm mode: the container stack's (ownership decides everything, docker/labels.ts)
 * plus the stack namespace, on services, their task containers, networks and volumes.
 */
import { LABELS } from '../labels.js';
import { hashServiceConfig } from '../stack/config-hash.js';
import { containerLabels, resourceLabels } from '../stack/resource-labels.js';
import type { ServiceModel } from '../types.js';
import type { SwarmStackContext } from './swarm-context.js';
import { STACK_NAMESPACE_LABEL } from './swarm-names.js';

export function serviceLabels(ctx: SwarmStackContext, service: ServiceModel, memLimitBytes: number | undefined): Record<string, string> {
  const own = { ...service.deploy?.labels };
  return {
    ...containerLabels(ctx, service.name, own),
    [LABELS.configHash]: hashServiceConfig(service, memLimitBytes),
    [STACK_NAMESPACE_LABEL]: ctx.project.name,
  };
}

export function taskContainerLabels(
  ctx: SwarmStackContext,
  service: ServiceModel,
  memLimitBytes: number | undefined,
): Record<string, string> {
  return {
    ...containerLabels(ctx, service.name, service.labels),
    [LABELS.configHash]: hashServiceConfig(service, memLimitBytes),
    [STACK_NAMESPACE_LABEL]: ctx.project.name,
  };
}

export function swarmResourceLabels(ctx: SwarmStackContext, key: string, own: Record<string, string>): Record<string, string> {
  return { ...resourceLabels(ctx, key, own), [STACK_NAMESPACE_LABEL]: ctx.project.name };
}
