/**
 * Root cause across streams. The orchestrator's output is classified as it streams, so it
 * comes first; the logs of a service that died or turned unhealthy are read afterwards. When the
 * orchestrator only saw a symptom of a service being gone (refused or reset connections,
 * "starting up", a timeout, an unknown failure) and that service's own log names a cause
 * (disk full, a bad config, a crash), the service's cause is the root cause.
 */
import type { FailureClass } from '../core/error-classes.js';
import type { Classification } from '../patterns/types.js';

const SYMPTOMS_OF_A_MISSING_SERVICE: ReadonlySet<FailureClass> = new Set([
  'connection_refused',
  'service_starting',
  'dns_failure',
  'timeout',
  'unknown',
]);

export function preferServiceCause(output: Classification, services: Classification): Classification {
  const matches = [...output.matches, ...services.matches];
  const serviceCause = services.primary !== null && services.primary !== 'unknown' ? services.primaryMatch : undefined;
  const outputPrimary = output.primary ?? 'unknown';
  if (serviceCause && SYMPTOMS_OF_A_MISSING_SERVICE.has(outputPrimary)) {
    return { primary: services.primary, primaryMatch: serviceCause, matches };
  }
  return { ...output, matches };
}
