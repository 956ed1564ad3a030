import type { Logger } from '../../core/logger.js';
import type { EngineClient } from '../engine/engine-client.js';
import type { PortProbeMode } from '../readiness/port-probe-mode.js';
import type { ProbeHelper } from '../readiness/probe-helper.js';
import type { ProjectModel } from '../types.js';

/** What every stack operation works with: passed in, never reached for. */
export interface StackContext {
  readonly engine: EngineClient;
  readonly project: ProjectModel;
  readonly executionId: string;
  /** Stamped on every resource besides our own labels (tests pass `etl-cycle.test`). */
  readonly extraLabels: Record<string, string>;
  readonly logger: Logger;
  /** etl-cycle's version, for the version label. */
  readonly version: string;
  readonly portProbe: PortProbeMode;
  /** One-shot readiness probe containers (the `from-engine` route). */
  readonly probeHelper?: ProbeHelper;
}
