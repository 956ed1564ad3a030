/**
 * The end of each run: the project's metrics, read back from the ledger the run just wrote, to
 * the `metrics.textfile` and the `metrics.pushgateway` the config names. A failure here is one
 * warning naming the file or the gateway: it never changes the run's result.
 */
import { errorMessage } from '../core/errors.js';
import type { EtlCycleConfig } from '../config/types.js';
import { readLedgerSnapshot } from './ledger-snapshot.js';
import type { GapCounter, LedgerReader } from './ledger-snapshot.js';
import { buildRegistry } from './prometheus-metrics.js';
import { pushMetrics } from './pushgateway.js';
import { writeMetricsTextfile } from './textfile.js';

export interface RunMetricsExport {
  config: Pick<EtlCycleConfig, 'metrics'>;
  store: LedgerReader;
  project: string;
  warn: (message: string) => void;
  countGaps?: GapCounter;
}

export async function exportRunMetrics({ config, store, project, warn, countGaps }: RunMetricsExport): Promise<void> {
  const { textfile, pushgateway, job, instance } = config.metrics;
  if (textfile === undefined && pushgateway === undefined) return;
  let registry;
  try {
    registry = buildRegistry(await readLedgerSnapshot(store, project, countGaps));
  } catch (error) {
    warn(`metrics: cannot read the run history for the metrics (${errorMessage(error)}); metrics.textfile / metrics.pushgateway skipped`);
    return;
  }
  const work: Promise<void>[] = [];
  if (textfile !== undefined) {
    work.push(
      registry
        .metrics()
        .then((text) => writeMetricsTextfile(textfile, text))
        .catch((error: unknown) =>
          warn(`metrics.textfile ${textfile}: cannot write it (${errorMessage(error)}); check the folder exists and is writable`),
        ),
    );
  }
  if (pushgateway !== undefined) {
    work.push(
      pushMetrics({ url: pushgateway, job, ...(instance === undefined ? {} : { instance }) }, registry).catch((error: unknown) =>
        warn(`metrics.pushgateway ${pushgateway}: push failed (${errorMessage(error)}); the run's result is unchanged`),
      ),
    );
  }
  await Promise.all(work);
}
