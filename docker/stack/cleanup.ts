/**
 * Removes this project's containers and networks (named volumes and orphans on request), or with
 * `scope: orphans` only the orphans (a converging rebuild decides about the services). Only
 * resources that carry our managed-by and project labels are ever listed, so nothing else can be
 * touched. Idempotent: whatever is already gone is fine.
 */
import { abortReason } from '../../core/errors.js';
import type { ContainerSummary } from '../engine/engine-client.js';
import { LABELS, projectFilter } from '../labels.js';
import type { CleanupOptions, CleanupResult, ResourceRef } from '../types.js';
import { removeContainers } from './remove-containers.js';
import type { ContainerRemoval } from './remove-containers.js';
import { losesAllData } from './remove-containers.js';
import { networkFor } from './resource-names.js';
import type { StackContext } from './stack-context.js';
import { projectVolumeKeys, removeProjectVolumes } from './remove-volumes.js';

const ORPHAN_REASON = 'its service is no longer in the Compose file';

export async function cleanup(ctx: StackContext, options: CleanupOptions): Promise<CleanupResult> {
  const { engine, project, logger } = ctx;
  const checkpoint = () => {
    if (options.signal?.aborted) throw abortReason(options.signal);
  };
  const filter = projectFilter(project.name).label;
  const everything = (options.scope ?? 'all') === 'all';

  checkpoint();
  const containers = await engine.listContainers({
    labels: options.onlyExecution === undefined ? filter : [...filter, `${LABELS.execution}=${options.onlyExecution}`],
    all: true,
  });
  const byService = new Map(project.services.map((service) => [service.name, service]));
  const orphans = containers.filter((c) => !byService.has(c.labels[LABELS.service] ?? ''));
  const orphansKept: ResourceRef[] = options.removeOrphans
    ? []
    : orphans.map((c): ResourceRef => ({ kind: 'container', name: c.name, id: c.id }));
  const dropped = options.removeVolumes ? projectVolumeKeys(project) : new Set<string>();

  const removals: ContainerRemoval[] = [];
  if (options.removeOrphans) removals.push(...orphans.map((c) => removal(c, undefined, false, ORPHAN_REASON)));
  if (everything) {
    for (const c of containers) {
      const service = byService.get(c.labels[LABELS.service] ?? '');
      if (service) removals.push(removal(c, service, losesAllData(service, dropped), 'clean slate: every container is removed first'));
    }
  }
  const removed = await removeContainers(ctx, project.services, removals, checkpoint);
  if (!everything) return { removed, orphansKept };

  checkpoint();
  const externalNetworks = new Set(project.networks.filter((n) => n.external).map((n) => networkFor(project, n.key).name));
  for (const network of await engine.listNetworks({ labels: filter })) {
    if (externalNetworks.has(network.name)) continue;
    const current = await engine.inspectNetwork(network.id);
    if (!current) continue;
    if (current.containerIds.length > 0) {
      // Something still uses it (a kept orphan, a container someone connected by hand): leave it.
      logger.warn(`network ${network.name} kept: ${current.containerIds.length} container(s) still attached`, { network: network.name });
      continue;
    }
    await engine.removeNetwork(network.id);
    removed.push({ kind: 'network', name: network.name, id: network.id, reason: 'clean slate' });
  }

  if (options.removeVolumes) {
    checkpoint();
    removed.push(...(await removeProjectVolumes(ctx)));
  }
  return { removed, orphansKept };
}

function removal(container: ContainerSummary, service: ContainerRemoval['service'], skipGrace: boolean, reason: string): ContainerRemoval {
  return {
    id: container.id,
    name: container.name,
    live: container.state === 'running' || container.state === 'restarting' || container.state === 'paused',
    service,
    skipGrace,
    reason,
  };
}
