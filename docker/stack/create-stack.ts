import type { Logger } from '../../core/logger.js';
import type { EngineClient } from '../engine/engine-client.js';
import { LABELS, MANAGED_BY_VALUE } from '../labels.js';
import type { PortProbeMode } from '../readiness/port-probe-mode.js';
import { createProbeHelper } from '../readiness/probe-helper.js';
import type { CleanupOptions, ConvergeOptions, ExecOptions, ProjectModel, StackOperations, UpOptions } from '../types.js';
import { cleanup } from './cleanup.js';
import { containerStates } from './container-states.js';
import { down } from './down.js';
import { exec } from './exec.js';
import { findPortHolders } from './find-port-holders.js';
import { logs } from './logs.js';
import { planConvergence } from './plan-convergence.js';
import { readToolVersion } from './read-tool-version.js';
import type { StackContext } from './stack-context.js';
import { up } from './up.js';

export interface CreateStackOptions {
  engine: EngineClient;
  project: ProjectModel;
  /** Stamped on every resource (LABELS.execution). */
  executionId: string;
  /** Extra labels for every container, network and volume (tests pass `etl-cycle.test`). */
  extraLabels?: Record<string, string>;
  logger: Logger;
  /** How readiness reaches container ports; `from-host` unless a test or a special setup forces one (see port-prober.ts). */
  portProbe?: PortProbeMode;
  /** Image of readiness probe containers (`readiness.probe_image`); default: the probed container's own. */
  probeImage?: string;
  /** Defaults to etl-cycle's package version. */
  version?: string;
}

/** What every operation of a stack bound to these options works with (the Swarm stack shares it). */
export function stackContextOf(options: CreateStackOptions): StackContext {
  const logger = options.logger.child({ project: options.project.name });
  const version = options.version ?? readToolVersion();
  return {
    engine: options.engine,
    project: options.project,
    executionId: options.executionId,
    extraLabels: options.extraLabels ?? {},
    logger,
    version,
    portProbe: options.portProbe ?? 'from-host',
    probeHelper: createProbeHelper({
      engine: options.engine,
      logger,
      labels: {
        ...options.extraLabels,
        [LABELS.managedBy]: MANAGED_BY_VALUE,
        [LABELS.project]: options.project.name,
        [LABELS.execution]: options.executionId,
        [LABELS.version]: version,
      },
      namePrefix: options.project.name,
      ...(options.probeImage ? { image: options.probeImage } : {}),
    }),
  };
}

/** The operations on one project's stack, bound to one engine and one execution. */
export function createStack(options: CreateStackOptions): StackOperations {
  const ctx = stackContextOf(options);
  return {
    project: options.project,
    cleanup: (cleanupOptions: CleanupOptions) => cleanup(ctx, cleanupOptions),
    planConvergence: (convergeOptions: ConvergeOptions) => planConvergence(ctx, convergeOptions),
    up: (upOptions: UpOptions) => up(ctx, upOptions),
    containerStates: () => containerStates(ctx),
    logs: (service: string, logOptions?: { tailLines?: number }) => logs(ctx, service, logOptions),
    findPortHolders: (port: number) => findPortHolders(ctx, port),
    exec: (service: string, command: string[], execOptions?: ExecOptions) => exec(ctx, service, command, execOptions),
    down: (downOptions: { removeVolumes: boolean; signal?: AbortSignal }) => down(ctx, downOptions),
  };
}
