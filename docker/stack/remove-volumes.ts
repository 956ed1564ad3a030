import { errorMessage } from '../../core/errors.js';
import { projectFilter } from '../labels.js';
import type { ProjectModel, ResourceRef } from '../types.js';
import { volumeFor } from './resource-names.js';
import type { StackContext } from './stack-context.js';

/** Keys of the named volumes the project's services mount that etl-cycle owns (not external). */
export function projectVolumeKeys(project: ProjectModel): Set<string> {
  const keys = new Set<string>();
  for (const service of project.services) {
    for (const mount of service.volumes) {
      if (mount.type === 'volume' && mount.source !== undefined && !volumeFor(project, mount.source).external) keys.add(mount.source);
    }
  }
  return keys;
}

/** Removes this project's labelled volumes (never external ones); one still in use stays, with a warning saying why. */
export async function removeProjectVolumes(ctx: StackContext): Promise<ResourceRef[]> {
  const { engine, project, logger } = ctx;
  const externalVolumes = new Set(project.volumes.filter((v) => v.external).map((v) => volumeFor(project, v.key).name));
  const removed: ResourceRef[] = [];
  for (const volume of await engine.listVolumes({ labels: projectFilter(project.name).label })) {
    if (externalVolumes.has(volume.name)) continue;
    try {
      await engine.removeVolume(volume.name);
      removed.push({ kind: 'volume', name: volume.name, id: volume.name, reason: 'fresh data volumes' });
    } catch (error) {
      // In use by a kept orphan: the data stays, and the user hears why.
      logger.warn(`volume ${volume.name} kept: ${errorMessage(error)}`, { volume: volume.name });
    }
  }
  return removed;
}
