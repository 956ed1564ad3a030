/**
 * The first half of a rebuild: make every image available (build, or pull when missing), then
 * compare what each service's container would be now — its definition hashed, with the image's
 * id and the plan's memory limit — with what the engine runs, and decide per service
 * (decide-convergence.ts). Nothing is stopped or created here; `up` carries the decision out.
 */
import { abortReason } from '../../core/errors.js';
import { defaultReadinessPlan } from '../readiness/default-readiness-plan.js';
import { LABELS, projectFilter } from '../labels.js';
import type { ContainerInfo } from '../engine/engine-client.js';
import type { ConvergeOptions, Convergence, ServiceModel } from '../types.js';
import { decideConvergence } from './decide-convergence.js';
import type { DesiredService, ObservedContainer } from './decide-convergence.js';
import { desiredContainer } from './desired-container.js';
import { ensureImage } from './ensure-image.js';
import { projectVolumeKeys } from './remove-volumes.js';
import { enabledServices } from './resource-names.js';
import type { StackContext } from './stack-context.js';
import { stackEmitter } from './stack-events.js';
import { presentDependencies, serviceLevels } from './start-order.js';
import { toContainerState } from './to-container-state.js';

export async function planConvergence(ctx: StackContext, options: ConvergeOptions): Promise<Convergence> {
  const services = enabledServices(ctx.project);
  const removeVolumes = options.removeVolumes ?? false;
  if (services.length === 0) return { changes: [], removeVolumes, definitions: {}, existing: {} };
  const { signal } = options;
  const checkpoint = () => {
    if (signal?.aborted) throw abortReason(signal);
  };
  const emit = stackEmitter(ctx, options.onEvent);
  // Dependency order (and its errors: a cycle, a missing required service) before any engine call.
  const ordered = serviceLevels(services).flat();

  const [imageIds, observed] = await Promise.all([
    ensureImages(ctx, ordered, (service, detail) => emit(service, 'building', detail), checkpoint, signal),
    observeContainers(ctx, services),
  ]);

  const dropped = removeVolumes ? projectVolumeKeys(ctx.project) : new Set<string>();
  const definitions: Convergence['definitions'] = {};
  const desired: DesiredService[] = ordered.map((service) => {
    const memLimitBytes = options.memoryOverrides?.[service.name] ?? service.memLimitBytes;
    const imageId = imageIds.get(service.name);
    definitions[service.name] = { memLimitBytes, imageId };
    const plan = options.readiness?.[service.name] ?? defaultReadinessPlan(service, services);
    return {
      name: service.name,
      configHash: desiredContainer(ctx, service, memLimitBytes, imageId).configHash,
      imageId,
      memLimitBytes,
      dependsOn: presentDependencies(service, services).map((d) => d.service),
      losesVolume: service.volumes.some((m) => m.type === 'volume' && m.source !== undefined && dropped.has(m.source)),
      oneShot: plan.strategy.type === 'completed',
    };
  });
  const changes = decideConvergence({
    services: desired,
    observed: new Map([...observed].map(([name, infos]) => [name, infos.map((info) => toObserved(name, info))])),
    recreateAll: options.recreate === 'all' ? (options.recreateReason ?? 'every container is recreated') : undefined,
  });
  const existing: Convergence['existing'] = {};
  for (const [name, infos] of observed)
    existing[name] = infos.map((info) => ({ id: info.id, name: info.name, running: info.state.running }));
  for (const change of changes) ctx.logger.debug(`${change.service}: ${change.action}: ${change.reason}`, { service: change.service });
  return { changes, removeVolumes, definitions, existing };
}

/** Each service's image id, building what has a build and pulling what is missing; one check per distinct image reference. */
async function ensureImages(
  ctx: StackContext,
  ordered: readonly ServiceModel[],
  onProgress: (service: string, detail: string) => void,
  checkpoint: () => void,
  signal: AbortSignal | undefined,
): Promise<Map<string, string | undefined>> {
  const ids = new Map<string, string | undefined>();
  const byReference = new Map<string, string | undefined>();
  for (const service of ordered) {
    checkpoint();
    if (!service.build && byReference.has(service.image)) {
      ids.set(service.name, byReference.get(service.image));
      continue;
    }
    const id = await ensureImage(ctx, service, { signal, onProgress: (detail) => onProgress(service.name, detail) });
    ids.set(service.name, id);
    if (!service.build) byReference.set(service.image, id);
  }
  return ids;
}

/** This project's containers of the run's services, inspected, by service. */
async function observeContainers(ctx: StackContext, services: readonly ServiceModel[]): Promise<Map<string, ContainerInfo[]>> {
  const names = new Set(services.map((s) => s.name));
  const listed = await ctx.engine.listContainers({ labels: projectFilter(ctx.project.name).label, all: true });
  const inspected = await Promise.all(
    listed.filter((c) => names.has(c.labels[LABELS.service] ?? '')).map((c) => ctx.engine.inspectContainer(c.id)),
  );
  const byService = new Map<string, ContainerInfo[]>();
  for (const info of inspected) {
    if (!info) continue; // removed meanwhile
    const service = info.labels[LABELS.service]!;
    byService.set(service, [...(byService.get(service) ?? []), info]);
  }
  return byService;
}

function toObserved(service: string, info: ContainerInfo): ObservedContainer {
  return {
    id: info.id,
    name: info.name,
    configHash: info.labels[LABELS.configHash],
    imageId: info.imageId,
    memLimitBytes: info.memLimitBytes,
    state: toContainerState(service, info),
  };
}
