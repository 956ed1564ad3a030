/**
 * `up`: images, then networks and volumes, then containers, then start in dependency order with
 * readiness waits (start-services.ts). Reports every phase change through `onEvent`. An aborted
 * `up` throws the signal's reason and leaves what it created for the caller's cleanup/down.
 */
import { abortReason } from '../../core/errors.js';
import { StackUpError } from '../errors.js';
import type { ServicePhase, UpOptions, UpResult } from '../types.js';
import { createContainer, type CreatedContainer } from './create-container.js';
import { ensureImage } from './ensure-image.js';
import { ensureNetwork } from './ensure-network.js';
import { ensureVolume } from './ensure-volume.js';
import { enabledServices, networkFor, serviceNetworkKeys, volumeFor } from './resource-names.js';
import type { StackContext } from './stack-context.js';
import { startServices } from './start-services.js';
import { serviceLevels } from './start-order.js';

export async function up(ctx: StackContext, options: UpOptions): Promise<UpResult> {
  const services = enabledServices(ctx.project);
  if (services.length === 0) return { services: [] };
  const { signal } = options;
  const began = Date.now();
  const emit = (service: string, phase: ServicePhase, detail?: string) => {
    try {
      options.onEvent?.({ service, phase, ...(detail === undefined ? {} : { detail }), elapsedMs: Date.now() - began });
    } catch (error) {
      // A failing progress display must not fail the stack.
      ctx.logger.debug('onEvent threw', { error: String(error) });
    }
  };
  const checkpoint = () => {
    if (signal?.aborted) throw abortReason(signal);
  };
  const containers = new Map<string, CreatedContainer>();
  let ordered = services;
  try {
    // Start order comes from the dependency graph, whatever order the model lists services in.
    ordered = serviceLevels(services).flat();
    const pulledOrChecked = new Set<string>();
    for (const service of ordered) {
      checkpoint();
      if (!service.build && pulledOrChecked.has(service.image)) continue;
      await ensureImage(ctx, service, { signal, onProgress: (detail) => emit(service.name, 'building', detail) });
      if (!service.build) pulledOrChecked.add(service.image);
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
      emit(service.name, 'creating');
      containers.set(service.name, await createContainer(ctx, service, options.memoryOverrides?.[service.name] ?? service.memLimitBytes));
    }
  } catch (error) {
    // start-services reports its own failures; these come from the graph, images, networks, volumes and creation.
    if (error instanceof StackUpError) emit(error.service, 'failed', error.detail);
    throw error;
  }
  checkpoint();
  return { services: await startServices(ctx, ordered, containers, options, emit) };
}
