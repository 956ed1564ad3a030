import type { ServiceModel, ServiceReadinessPlan } from '../types.js';

export const DEFAULT_READINESS_TIMEOUT_MS = 60_000;

/**
 * The plan for a service `up` was given none for: a one-shot service that others wait on with
 * `service_completed_successfully` is ready when it completed; any other is `auto`.
 */
export function defaultReadinessPlan(service: ServiceModel, services: readonly ServiceModel[]): ServiceReadinessPlan {
  const oneShot = services.some((other) =>
    other.dependsOn.some((d) => d.service === service.name && d.condition === 'service_completed_successfully'),
  );
  return { strategy: { type: oneShot ? 'completed' : 'auto' }, timeoutMs: DEFAULT_READINESS_TIMEOUT_MS, settleMs: 0 };
}
