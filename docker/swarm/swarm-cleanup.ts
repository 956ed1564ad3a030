/**
 * Cleanup in Swarm mode, by label only (docker/labels.ts): this project's services (orphans on
 * request), then, once their task containers on this node are gone, its networks, configs and
 * secrets, and on request its volumes. Plain containers of the project (a run in container mode
 * before, a readiness probe container) go too. Nothing without our labels is ever listed, so
 * nothing else can be touched. Idempotent.
 */
import { abortReason, errorMessage } from '../../core/errors.js';
import { sleep } from '../../core/sleep.js';
import { LABELS, projectFilter } from '../labels.js';
import { volumeFor, networkFor } from '../stack/resource-names.js';
import type { CleanupOptions, CleanupResult, ResourceRef } from '../types.js';
import type { SwarmStackContext } from './swarm-context.js';
import { TASK_SERVICE_ID_LABEL } from './swarm-names.js';

/** How long the tasks of removed services get to stop, after etl-cycle stopped those on this node. */
const TASKS_GONE_MS = 60_000;

/** Retries a removal the engine refuses while something still shuts down ("network has active endpoints"). */
async function removeWhenFree(remove: () => Promise<void>, untilMs: number): Promise<void> {
  for (;;) {
    try {
      await remove();
      return;
    } catch (error) {
      if (Date.now() >= untilMs) throw error;
      await sleep(500);
    }
  }
}

export async function swarmCleanup(ctx: SwarmStackContext, options: CleanupOptions): Promise<CleanupResult> {
  const { engine, project, logger } = ctx;
  const checkpoint = () => {
    if (options.signal?.aborted) throw abortReason(options.signal);
  };
  const filter = projectFilter(project.name).label;
  const removed: ResourceRef[] = [];
  const orphansKept: ResourceRef[] = [];
  const known = new Set(project.services.map((s) => s.name));

  checkpoint();
  const services = await engine.listServices({ labels: filter });
  const going: string[] = [];
  for (const service of services) {
    const orphan = !known.has(service.labels[LABELS.service] ?? '');
    if (orphan && !options.removeOrphans) {
      orphansKept.push({ kind: 'service', name: service.name, id: service.id });
      continue;
    }
    await engine.removeService(service.id);
    going.push(service.id);
    removed.push({ kind: 'service', name: service.name, id: service.id });
  }
  // Swarm stops the tasks of a removed service on its own schedule (seconds later); the ones on this
  // node are stopped now, each with its service's grace period, like `docker compose down` would.
  const grace = new Map(project.services.map((s) => [s.name, s.stopGracePeriodMs]));
  const tasksOf = (id: string) => engine.listContainers({ labels: [`${TASK_SERVICE_ID_LABEL}=${id}`], all: false });
  await Promise.all(
    going.map(async (id) => {
      for (const container of await tasksOf(id)) {
        const ms = grace.get(container.labels[LABELS.service] ?? '');
        await engine.stopContainer(container.id, ms === undefined ? {} : { timeoutSeconds: Math.ceil(ms / 1000) }).catch(() => undefined);
      }
    }),
  );
  const until = Date.now() + TASKS_GONE_MS;
  for (const id of going) {
    // Stopped is enough: a stopped task container is off its networks, and Swarm removes it itself.
    while ((await tasksOf(id)).length > 0) {
      checkpoint();
      if (Date.now() > until) {
        logger.warn(`the tasks of removed service ${id} are still stopping; going on`, { service: id });
        break;
      }
      await sleep(250, options.signal);
    }
  }

  // Plain containers of this project: a run in container mode before, a probe container left by a killed run.
  checkpoint();
  for (const container of await engine.listContainers({ labels: filter, all: true })) {
    if (container.labels[TASK_SERVICE_ID_LABEL]) continue;
    await engine.removeContainer(container.id, { force: true, removeVolumes: true });
    removed.push({ kind: 'container', name: container.name, id: container.id });
  }

  checkpoint();
  const externalNetworks = new Set(project.networks.filter((n) => n.external).map((n) => networkFor(project, n.key).name));
  for (const network of await engine.listNetworks({ labels: filter })) {
    if (externalNetworks.has(network.name)) continue;
    try {
      // A kept orphan service still uses its networks: one try, then it stays (with a warning).
      await removeWhenFree(() => engine.removeNetwork(network.id), Date.now() + (orphansKept.length ? 0 : 15_000));
      // The manager forgets an overlay at once, this node's copy a moment later: a new `up` must not find it.
      for (const end = Date.now() + 10_000; (await engine.inspectNetwork(network.name)) && Date.now() < end;) await sleep(200);
      removed.push({ kind: 'network', name: network.name, id: network.id });
    } catch (error) {
      logger.warn(`network ${network.name} kept: ${errorMessage(error)}`, { network: network.name });
    }
  }

  for (const [kind, list, remove] of [
    ['config', () => engine.listConfigs({ labels: filter }), (id: string) => engine.removeConfig(id)],
    ['secret', () => engine.listSecrets({ labels: filter }), (id: string) => engine.removeSecret(id)],
  ] as const) {
    checkpoint();
    for (const object of await list()) {
      try {
        await remove(object.id);
        removed.push({ kind, name: object.name, id: object.id });
      } catch (error) {
        logger.warn(`${kind} ${object.name} kept: ${errorMessage(error)}`, { [kind]: object.name });
      }
    }
  }

  if (options.removeVolumes) {
    checkpoint();
    const externalVolumes = new Set(project.volumes.filter((v) => v.external).map((v) => volumeFor(project, v.key).name));
    for (const volume of await engine.listVolumes({ labels: filter })) {
      if (externalVolumes.has(volume.name)) continue;
      try {
        await removeWhenFree(() => engine.removeVolume(volume.name), Date.now() + 10_000);
        removed.push({ kind: 'volume', name: volume.name, id: volume.name });
      } catch (error) {
        logger.warn(`volume ${volume.name} kept: ${errorMessage(error)}`, { volume: volume.name });
      }
    }
  }
  return { removed, orphansKept };
}
