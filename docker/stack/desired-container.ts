import { LABELS } from '../labels.js';
import type { ServiceModel } from '../types.js';
import { hashContainerDefinition } from './config-hash.js';
import type { ContainerDefinition } from './config-hash.js';
import { containerLabels } from './resource-labels.js';
import { containerNameFor, networkFor, serviceNetworkKeys } from './resource-names.js';
import type { StackContext } from './stack-context.js';
import { toContainerSpec } from './to-container-spec.js';

/** The container a service should have now: its create request, labelled with the hash of its definition. */
export interface DesiredContainer extends ContainerDefinition {
  service: ServiceModel;
  name: string;
  configHash: string;
  /** The limit actually applied: the plan's override, else the Compose file's. */
  memLimitBytes: number | undefined;
}

export function desiredContainer(
  ctx: StackContext,
  service: ServiceModel,
  memLimitBytes: number | undefined,
  imageId: string | undefined,
): DesiredContainer {
  const name = containerNameFor(ctx.project, service);
  const spec = toContainerSpec(ctx.project, service, { name, labels: containerLabels(ctx, service.name, service.labels), memLimitBytes });
  const extraNetworks = serviceNetworkKeys(service)
    .slice(1)
    .map((key) => ({ name: networkFor(ctx.project, key).name, aliases: [service.name, ...service.aliases] }));
  const configHash = hashContainerDefinition({ spec, imageId, extraNetworks });
  return {
    service,
    name,
    spec: { ...spec, labels: { ...spec.labels, [LABELS.configHash]: configHash } },
    imageId,
    extraNetworks,
    configHash,
    memLimitBytes,
  };
}
