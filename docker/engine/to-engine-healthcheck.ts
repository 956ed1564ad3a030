/** A Compose healthcheck as the engine's (nanoseconds), the same for a container and a Swarm service. */
import type { Healthcheck } from '../types.js';
import type { HealthcheckConfig } from './engine-client.js';

const NS_PER_MS = 1_000_000;

/** The engine takes durations in nanoseconds. */
export const ns = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms * NS_PER_MS));

export function toEngineHealthcheck(healthcheck: Healthcheck): HealthcheckConfig {
  return {
    test: healthcheck.test,
    intervalNs: ns(healthcheck.intervalMs),
    timeoutNs: ns(healthcheck.timeoutMs),
    retries: healthcheck.retries,
    startPeriodNs: ns(healthcheck.startPeriodMs),
    startIntervalNs: ns(healthcheck.startIntervalMs),
  };
}
