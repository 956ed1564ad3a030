/**
 * What a dry run checks before it says a run could start, with nothing created, started or
 * changed: the engine answers, each service's image is present or can be built, and the host
 * ports the services publish are free (doctor's checks, cli/doctor/). Only ✗ results block.
 */
import { errorMessage } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import { formatEngineReport } from '../../docker/engine/engine-report.js';
import type { EngineClient } from '../../docker/engine/engine-client.js';
import type { EtlCycleConfig } from '../../config/types.js';
import type { ProjectModel } from '../../docker/types.js';
import { checkImages } from '../doctor/check-images.js';
import { checkPorts } from '../doctor/check-ports.js';
import { fail, ok, warn } from '../doctor/doctor-check.js';
import type { CheckResult } from '../doctor/doctor-check.js';
import { engineSelection } from '../options.js';
import type { GlobalArgs } from '../options.js';

export interface PreflightNeeds {
  /** The services are started (run): images and ports matter. */
  services: boolean;
  /** Exec tasks run in containers: the engine must answer. */
  engine: boolean;
}

export async function preflight(
  args: GlobalArgs,
  config: EtlCycleConfig,
  model: ProjectModel,
  needs: PreflightNeeds,
): Promise<CheckResult[]> {
  const services = model.services.filter((s) => !s.disabled);
  const results: CheckResult[] = [];
  if (!needs.engine && !(needs.services && services.length > 0)) return results;
  let engine: EngineClient | undefined;
  try {
    const { describeEngine } = await import('../../docker/open-stack.js');
    const described = await describeEngine({
      logger: silentLogger(),
      engine: engineSelection(args),
      mode: config.docker.mode,
      probe: config.readiness.probe,
      onWarning: (w) => results.push(warn('engine', w)),
    });
    engine = described.engine;
    results.push(ok('engine', formatEngineReport(described.report)));
  } catch (error) {
    results.push(fail('engine', errorMessage(error)));
    return results;
  }
  if (needs.services && services.length > 0) {
    results.push(...(await checkImages(services, engine)));
    // Ports are this machine's only when the engine is.
    if (engine.endpoint.startsWith('unix://')) results.push(...(await checkPorts(services, model.name, engine)));
  }
  return results;
}
