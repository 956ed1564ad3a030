import { createHash } from 'node:crypto';
import type { CreateContainerSpec } from '../engine/engine-client.js';
import { LABELS } from '../labels.js';
import type { ServiceModel } from '../types.js';

/** Stable JSON: keys sorted at every level, so two equal definitions hash alike whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Labels that differ between runs of the same definition (who created it, when): not part of the definition. */
const VOLATILE_LABELS: readonly string[] = [LABELS.execution, LABELS.version, LABELS.configHash];

/** Everything that decides what a service's container is, as etl-cycle would create it now. */
export interface ContainerDefinition {
  /**
   * The engine's create request: image reference, command, entrypoint, environment, ports,
   * mounts, healthcheck, memory limit, user, restart policy, stop signal and grace...
   */
  spec: CreateContainerSpec;
  /** The id of the image the reference points at now (a rebuilt or re-pulled image changes it while the reference stays). */
  imageId: string | undefined;
  /** The networks joined after creation, with their aliases. */
  extraNetworks: { name: string; aliases: string[] }[];
}

/**
 * sha256 of a container definition: a container whose label carries the same hash is what the
 * model and the plan ask for now (the memory limit an out-of-memory adjustment raised is in the
 * spec; the readiness plan is not, as it changes how etl-cycle waits, not the container).
 * Environment order and run-specific labels do not count.
 */
export function hashContainerDefinition(definition: ContainerDefinition): string {
  const { spec } = definition;
  const labels = Object.fromEntries(Object.entries(spec.labels).filter(([key]) => !VOLATILE_LABELS.includes(key)));
  return createHash('sha256')
    .update(
      canonicalJson({
        ...spec,
        env: [...spec.env].sort(),
        labels,
        imageId: definition.imageId,
        extraNetworks: definition.extraNetworks,
      }),
    )
    .digest('hex');
}

/**
 * sha256 of a service's model with the memory limit applied: the label of Swarm services and their
 * tasks (Swarm mode redeploys every service each iteration, so nothing is decided on it).
 */
export function hashServiceConfig(service: ServiceModel, memLimitBytes: number | undefined): string {
  return createHash('sha256')
    .update(canonicalJson({ ...service, memLimitBytes }))
    .digest('hex');
}
