/**
 * Removes this project's containers and networks (named volumes and orphans on request). Only
 * resources that carry our managed-by and project labels are ever listed, so nothing else can be
 * touched. Idempotent: whatever is already gone is fine.
 */
import { abortReason, errorMessage } from '../../core/errors.js';
import type { ContainerSummary } from '../engine/engine-client.js';
import { LABELS, projectFilter } from '../labels.js';
import type { CleanupOptions, CleanupResult, ResourceRef, ServiceModel } from '../types.js';
import { networkFor, volumeFor } from './resource-names.js';
import type { StackContext } from './stack-context.js';
import { serviceLevels } from './start-order.js';

function stopLevels(services: readonly ServiceModel[]): ServiceModel[][] {
  try {
    return serviceLevels(services).reverse();
  } catch {
    // A broken graph (a cycle) must not keep a cleanup from cleaning: stop everything together.
    return [[...services]];
  }
}

export async function cleanup(ctx: StackContext, options: CleanupOptions): Promise<CleanupResult> {
  const { engine, project, logger } = ctx;
  const checkpoint = () => {
    if (options.signal?.aborted) throw abortReason(options.signal);
  };
  const filter = projectFilter(project.name).label;
  const removed: ResourceRef[] = [];
  const orphansKept: ResourceRef[] = [];

  /** Without `graceSeconds` the engine uses the container's own stop timeout (set from stop_grace_period when it was created). */
  const removeContainer = async (container: ContainerSummary, graceSeconds?: number): Promise<void> => {
    if (container.state === 'running' || container.state === 'restarting' || container.state === 'paused') {
      await engine.stopContainer(container.id, { timeoutSeconds: graceSeconds });
    }
    // `removeVolumes` here means the container's anonymous volumes: they die with it, like `docker compose down`.
    await engine.removeContainer(container.id, { force: true, removeVolumes: true });
    removed.push({ kind: 'container', name: container.name, id: container.id });
  };

  checkpoint();
  const containers = await engine.listContainers({ labels: filter, all: true });
  const byService = new Map(project.services.map((service) => [service.name, service]));
  const orphans = containers.filter((c) => !byService.has(c.labels[LABELS.service] ?? ''));
  if (options.removeOrphans) {
    await Promise.all(orphans.map((c) => removeContainer(c)));
  } else {
    orphansKept.push(...orphans.map((c): ResourceRef => ({ kind: 'container', name: c.name, id: c.id })));
  }
  // Dependents stop before what they depend on, as Compose does.
  for (const level of stopLevels(project.services)) {
    checkpoint();
    const names = new Set(level.map((s) => s.name));
    await Promise.all(
      containers
        .filter((c) => names.has(c.labels[LABELS.service] ?? ''))
        .map((c) => {
          const grace = byService.get(c.labels[LABELS.service] ?? '')?.stopGracePeriodMs;
          // The model's stop_grace_period when it has one; else the container's own, else the engine's 10 s (Compose's default too).
          return removeContainer(c, grace === undefined ? undefined : Math.ceil(grace / 1000));
        }),
    );
  }

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
    removed.push({ kind: 'network', name: network.name, id: network.id });
  }

  if (options.removeVolumes) {
    checkpoint();
    const externalVolumes = new Set(project.volumes.filter((v) => v.external).map((v) => volumeFor(project, v.key).name));
    for (const volume of await engine.listVolumes({ labels: filter })) {
      if (externalVolumes.has(volume.name)) continue;
      try {
        await engine.removeVolume(volume.name);
        removed.push({ kind: 'volume', name: volume.name, id: volume.name });
      } catch (error) {
        // In use by a kept orphan: the data stays, and the user hears why.
        logger.warn(`volume ${volume.name} kept: ${errorMessage(error)}`, { volume: volume.name });
      }
    }
  }
  return { removed, orphansKept };
}
