/**
 * `metrics.pushgateway`: the batch-job convention of Prometheus. After each run the project's
 * metrics replace the group job=<metrics.job>, instance=<metrics.instance | host name> on the
 * Pushgateway (PUT), so a run on a short-lived CI machine is still seen by Prometheus.
 */
import { hostname } from 'node:os';
import { Pushgateway } from 'prom-client';
import type { Registry } from 'prom-client';

export interface PushTarget {
  url: string;
  job: string;
  instance?: string;
}

/** Resolves when the Pushgateway accepted the metrics; rejects with its status or the network error. */
export async function pushMetrics(target: PushTarget, registry: Registry, timeoutMs = 10_000): Promise<void> {
  const gateway = new Pushgateway(target.url, { timeout: timeoutMs }, registry);
  const { resp } = await gateway.push({ jobName: target.job, groupings: { instance: target.instance ?? hostname() } });
  const status = (resp as { statusCode?: number } | undefined)?.statusCode;
  if (status !== undefined && (status < 200 || status >= 300)) throw new Error(`the Pushgateway answered HTTP ${status}`);
}
