import { DockerUnavailableError, abortReason, errorMessage } from '../../core/errors.js';
import { StackUpError } from '../errors.js';
import type { ServiceModel } from '../types.js';
import type { StackContext } from './stack-context.js';

/**
 * Makes the service's image available. A service with `build` is always built: the builder's cache
 * makes an unchanged build cheap, and a stale image is exactly what a rebuild cycle must not run
 * (Compose's `up --build`). Otherwise a local image is used as it is, and a missing one pulled.
 * Failures carry the builder's or the engine's text verbatim, for the classifier. Resolves to the
 * image's id (part of every container definition: a rebuilt image makes its containers stale).
 */
export async function ensureImage(
  ctx: StackContext,
  service: ServiceModel,
  options: { signal?: AbortSignal; onProgress: (detail: string) => void },
): Promise<string | undefined> {
  const { signal } = options;
  const logger = ctx.logger.child({ service: service.name, image: service.image });
  const failed = (error: unknown): never => {
    if (signal?.aborted) throw abortReason(signal);
    if (error instanceof DockerUnavailableError) throw error;
    throw new StackUpError({ service: service.name, stage: 'image', detail: errorMessage(error), cause: error });
  };

  if (service.build) {
    options.onProgress(`building image ${service.image}`);
    await ctx.engine
      .buildImage(
        {
          context: service.build.context,
          dockerfile: service.build.dockerfile,
          tag: service.image,
          args: service.build.args,
          target: service.build.target,
        },
        { onOutput: (line) => logger.debug(line), signal },
      )
      .catch(failed);
    return (await ctx.engine.inspectImage(service.image))?.id;
  }
  const local = await ctx.engine.inspectImage(service.image);
  if (local) return local.id;
  options.onProgress(`pulling image ${service.image}`);
  await ctx.engine.pullImage(service.image, { onProgress: (line) => logger.debug(line), signal }).catch(failed);
  return (await ctx.engine.inspectImage(service.image))?.id;
}
