/**
 * Every service's image must be present, buildable (a `build:` whose context and Dockerfile
 * exist) or pullable. Whether a registry answers is only known by pulling, so a missing image
 * without `build:` is a warning: the run pulls it.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineClient } from '../../docker/engine/engine-client.js';
import type { ServiceModel } from '../../docker/types.js';
import { fail, ok, warn } from './doctor-check.js';
import type { CheckResult } from './doctor-check.js';

export async function checkImages(services: readonly ServiceModel[], engine: EngineClient): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const service of services) {
    const name = `image ${service.image}`;
    if (service.build) {
      const dockerfile = join(service.build.context, service.build.dockerfile);
      if (!(await exists(service.build.context)))
        results.push(fail(name, `${service.name}: build context ${service.build.context} does not exist`));
      else if (!(await exists(dockerfile))) results.push(fail(name, `${service.name}: ${dockerfile} does not exist`));
      else results.push(ok(name, `${service.name}: built from ${dockerfile}`));
      continue;
    }
    const image = await engine.inspectImage(service.image).catch(() => undefined);
    if (image) results.push(ok(name, `${service.name}: present (${image.id.replace(/^sha256:/, '').slice(0, 12)})`));
    else
      results.push(
        warn(name, `${service.name}: not present; a run pulls it, so the registry must be reachable (docker pull ${service.image})`),
      );
  }
  return results;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
