import { errorMessage } from '../../core/errors.js';
import { StackUpError } from '../errors.js';
import { ownedBy } from '../labels.js';
import type { VolumeModel } from '../types.js';
import { foreignResourceError } from './foreign-resource-error.js';
import { resourceLabels } from './resource-labels.js';
import type { StackContext } from './stack-context.js';

/**
 * Makes sure a named volume exists: external ones must be there already; ours are reused (that is
 * the point of a volume); a foreign one under our name stops everything. The engine answers
 * "created" for a name that exists, labels untouched, so ownership is checked before creating.
 */
export async function ensureVolume(ctx: StackContext, volume: VolumeModel, service: string): Promise<void> {
  const existing = await ctx.engine.inspectVolume(volume.name);
  if (volume.external) {
    if (!existing) {
      throw new StackUpError({ service, stage: 'volume', detail: `external volume "${volume.name}" not found` });
    }
    return;
  }
  if (existing) {
    if (!ownedBy(existing.labels, ctx.project.name)) throw foreignResourceError('volume', volume.name, ctx.project.name);
    ctx.logger.debug('reusing volume', { volume: volume.name });
    return;
  }
  try {
    await ctx.engine.createVolume({
      name: volume.name,
      driver: volume.driver,
      driverOpts: volume.driverOpts,
      labels: resourceLabels(ctx, volume.key, volume.labels),
    });
  } catch (error) {
    throw new StackUpError({ service, stage: 'volume', detail: errorMessage(error), cause: error });
  }
}
