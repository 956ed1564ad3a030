/**
 * `up`: carries out a convergence (plan-convergence.ts; without one, every service is recreated):
 * the containers of recreated services go first (dependents before what they depend on, one
 * dependency level at a time, in parallel), then the dropped volumes; networks and volumes are
 * made sure of, new containers created, and everything started in dependency order with
 * readiness waits (start-services.ts) — kept services are not restarted, only waited for.
 * Reports every phase change through `onEvent`. An aborted `up` throws the signal's reason and
 * leaves what it created for the caller's cleanup/down.
 */
import { abortReason } from '../../core/errors.js';
import { StackUpError } from '../errors.js';
import type { ResourceRef, UpOptions, UpResult } from '../types.js';
import { createContainer, type CreatedContainer } from './create-container.js';
import { desiredContainer } from './desired-container.js';
import { ensureNetwork } from './ensure-network.js';
import { ensureVolume } from './ensure-volume.js';
import { planConvergence } from './plan-convergence.js';
import { losesAllData, removeContainers } from './remove-containers.js';
import type { ContainerRemoval } from './remove-containers.js';
import { projectVolumeKeys, removeProjectVolumes } from './remove-volumes.js';
import { enabledServices, networkFor, serviceNetworkKeys, volumeFor } from './resource-names.js';
import type { StackContext } from './stack-context.js';
import { stackEmitter } from './stack-events.js';
import { startServices } from './start-services.js';
import { serviceLevels } from './start-order.js';

export async function up(ctx: StackContext, options: UpOptions): Promise<UpResult> {
  const services = enabledServices(ctx.project);
  if (services.length === 0) return { services: [], changes: [], removed: [] };
  const { signal } = options;
  const emit = stackEmitter(ctx, options.onEvent);
  const checkpoint = () => {
    if (signal?.aborted) throw abortReason(signal);
  };
  const containers = new Map<string, CreatedContainer>();
  const removed: ResourceRef[] = [];
  let ordered = services;
  let convergence = options.convergence;
  let kept = new Set<string>();
  try {
    convergence ??= await planConvergence(ctx, {
      recreate: 'all',
      recreateReason: 'every container is recreated',
      memoryOverrides: options.memoryOverrides,
      readiness: options.readiness,
      signal,
      onEvent: options.onEvent,
    });
    // Start order comes from the dependency graph, whatever order the model lists services in.
    ordered = serviceLevels(services).flat();
    const change = new Map(convergence.changes.map((c) => [c.service, c]));
    kept = new Set(convergence.changes.filter((c) => c.action === 'keep').map((c) => c.service));

    const dropped = convergence.removeVolumes ? projectVolumeKeys(ctx.project) : new Set<string>();
    const removals: ContainerRemoval[] = ordered
      .filter((service) => !kept.has(service.name))
      .flatMap((service) =>
        (convergence!.existing[service.name] ?? []).map((container) => ({
          id: container.id,
          name: container.name,
          live: container.running,
          service,
          skipGrace: losesAllData(service, dropped),
          reason: change.get(service.name)?.reason ?? 'recreated',
        })),
      );
    removed.push(...(await removeContainers(ctx, ordered, removals, checkpoint)));
    if (convergence.removeVolumes) {
      checkpoint();
      removed.push(...(await removeProjectVolumes(ctx)));
    }

    const firstUser = new Map<string, string>();
    for (const service of ordered) for (const key of serviceNetworkKeys(service)) if (!firstUser.has(key)) firstUser.set(key, service.name);
    for (const [key, service] of firstUser) {
      checkpoint();
      await ensureNetwork(ctx, networkFor(ctx.project, key), service);
    }
    const volumeUser = new Map<string, string>();
    for (const service of ordered) {
      for (const mount of service.volumes)
        if (mount.type === 'volume' && mount.source !== undefined && !volumeUser.has(mount.source))
          volumeUser.set(mount.source, service.name);
    }
    for (const [key, service] of volumeUser) {
      checkpoint();
      await ensureVolume(ctx, volumeFor(ctx.project, key), service);
    }

    for (const service of ordered) {
      checkpoint();
      if (kept.has(service.name)) {
        const [existing] = convergence.existing[service.name] ?? [];
        if (!existing) throw new Error(`internal: service ${service.name} is kept but has no container`);
        containers.set(service.name, { id: existing.id, name: existing.name });
        emit(service.name, 'kept', change.get(service.name)?.reason);
        continue;
      }
      emit(service.name, 'creating', change.get(service.name)?.reason);
      const definition = convergence.definitions[service.name] ?? {};
      containers.set(
        service.name,
        await createContainer(ctx, desiredContainer(ctx, service, definition.memLimitBytes, definition.imageId)),
      );
    }
  } catch (error) {
    // start-services reports its own failures; these come from the graph, images, networks, volumes and creation.
    if (error instanceof StackUpError) emit(error.service, 'failed', error.detail);
    throw error;
  }
  checkpoint();
  const statuses = await startServices(ctx, ordered, containers, kept, options, emit);
  return { services: statuses, changes: convergence.changes, removed };
}
