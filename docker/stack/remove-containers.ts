/**
 * Stopping and removing containers the way Compose does: dependents before what they depend on,
 * the services of one dependency level in parallel, each with its stop signal and grace period
 * (set on the container from stop_signal and stop_grace_period when it was created; the model's
 * grace is passed again in case it changed). A container whose data goes anyway (its volumes are
 * being dropped) is killed at once: a graceful shutdown protects nothing there.
 */
import type { ResourceRef, ServiceModel } from '../types.js';
import type { StackContext } from './stack-context.js';
import { serviceLevels } from './start-order.js';
import { stopTimeoutSeconds } from './to-container-spec.js';

export interface ContainerRemoval {
  id: string;
  name: string;
  /** Running, restarting or paused: it gets its stop signal first. */
  live: boolean;
  /** Its service in the model; undefined for an orphan (removed before the levels, all at once). */
  service: ServiceModel | undefined;
  /** Kill instead of stopping gracefully (its data is dropped anyway). */
  skipGrace: boolean;
  reason: string;
}

export async function removeContainers(
  ctx: StackContext,
  services: readonly ServiceModel[],
  removals: readonly ContainerRemoval[],
  checkpoint: () => void,
): Promise<ResourceRef[]> {
  const removed: ResourceRef[] = [];
  const removeOne = async (removal: ContainerRemoval): Promise<void> => {
    if (removal.live && !removal.skipGrace) {
      await ctx.engine.stopContainer(removal.id, { timeoutSeconds: removal.service && stopTimeoutSeconds(removal.service) });
    }
    // `removeVolumes` here means the container's anonymous volumes: they die with it, like `docker compose down`.
    // `force` kills what is still running (skipGrace), as `docker rm -f` does.
    await ctx.engine.removeContainer(removal.id, { force: true, removeVolumes: true });
    removed.push({ kind: 'container', name: removal.name, id: removal.id, reason: removal.reason });
  };

  checkpoint();
  await Promise.all(removals.filter((r) => r.service === undefined).map(removeOne));
  for (const level of stopLevels(services)) {
    checkpoint();
    const names = new Set(level.map((s) => s.name));
    await Promise.all(removals.filter((r) => r.service !== undefined && names.has(r.service.name)).map(removeOne));
  }
  return removed;
}

/** Levels in stopping order: the last to start stops first. */
function stopLevels(services: readonly ServiceModel[]): ServiceModel[][] {
  try {
    return serviceLevels(services).reverse();
  } catch {
    // A broken graph (a cycle, a missing dependency) must not keep a cleanup from cleaning: stop everything together.
    return [[...services]];
  }
}

/** True when every bit of data the container keeps goes with this removal: it mounts dropped volumes and nothing that stays. */
export function losesAllData(service: ServiceModel, droppedVolumeKeys: ReadonlySet<string>): boolean {
  const persistent = service.volumes.filter((m) => m.type === 'bind' || (m.type === 'volume' && m.source !== undefined));
  return persistent.length > 0 && persistent.every((m) => m.type === 'volume' && droppedVolumeKeys.has(m.source!));
}
