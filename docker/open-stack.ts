/**
 * The one way in for commands that work on a project's stack (run, down, orchestrate): which
 * engine (resolve-engine-target.ts, the docker CLI's rules), whether plain TCP is allowed,
 * connecting (bad TLS files and an engine that does not answer fail here, exit 2), containers or
 * Swarm services (stack-mode.ts) and what of the Compose file that mode can honour, and the
 * readiness route (from this machine or from the engine's network). Everything that can be wrong
 * with the user's settings fails before the first resource is created.
 *
 * `describeEngine` runs the same steps without a project, for `etl-cycle doctor`.
 */
import { homedir } from 'node:os';
import type { Logger } from '../core/logger.js';
import { connectEngine } from './engine/dockerode-client.js';
import type { ConnectedEngine } from './engine/dockerode-client.js';
import { engineLocation, thisMachine } from './engine/engine-location.js';
import { engineReport } from './engine/engine-report.js';
import type { EngineReport } from './engine/engine-report.js';
import type { EngineTarget } from './engine/engine-target.js';
import { resolveEngineTarget } from './engine/resolve-engine-target.js';
import type { EngineEnvironment } from './engine/resolve-engine-target.js';
import { checkTransportSecurity, plaintextAllowed } from './engine/transport-security.js';
import type { PortProbeMode } from './readiness/port-probe-mode.js';
import { probeRouteName, resolveProbeMode } from './readiness/probe-route.js';
import type { ProbeSetting } from './readiness/probe-route.js';
import { createStack } from './stack/create-stack.js';
import { checkForContainers, checkForSwarm, chooseStackMode } from './stack-mode.js';
import type { StackModeSetting } from './stack-mode.js';
import { createSwarmStack } from './swarm/create-swarm-stack.js';
import type { ProjectModel, StackOperations } from './types.js';

export interface EngineSelection {
  /** `--engine <address|context>`. */
  flag?: string;
  /** `--allow-plaintext-engine` (ETL_CYCLE_ALLOW_PLAINTEXT_ENGINE=1 works too). */
  allowPlaintext?: boolean;
  /** Default: this process's environment and home folder. */
  env?: EngineEnvironment;
  homeDir?: string;
}

interface Connection {
  target: EngineTarget;
  engine: ConnectedEngine;
}

async function connect(selection: EngineSelection, logger: Logger, onWarning: (message: string) => void): Promise<Connection> {
  const env = selection.env ?? process.env;
  const target = await resolveEngineTarget({ flag: selection.flag, env, homeDir: selection.homeDir ?? homedir() });
  const warning = checkTransportSecurity(target, plaintextAllowed(selection.allowPlaintext, env));
  if (warning) onWarning(warning);
  return { target, engine: await connectEngine({ logger, target }) };
}

export interface OpenStackOptions {
  project: ProjectModel;
  executionId: string;
  extraLabels: Record<string, string>;
  logger: Logger;
  engine?: EngineSelection;
  /** `docker.mode`. */
  mode: StackModeSetting;
  /** `readiness.probe`, `readiness.probe_image`. */
  probe: ProbeSetting;
  probeImage?: string;
  /** Forces one probe method (tests). */
  portProbe?: PortProbeMode;
  onWarning?: (message: string) => void;
}

export interface OpenedStack {
  stack: StackOperations;
  engine: EngineReport;
}

export async function openStack(options: OpenStackOptions): Promise<OpenedStack> {
  const warn = options.onWarning ?? ((message: string) => options.logger.warn(message));
  const { target, engine } = await connect(options.engine ?? {}, options.logger, warn);
  const version = await engine.version();
  const swarm = options.mode === 'containers' ? undefined : await engine.swarmStatus();
  const mode = chooseStackMode(options.mode, swarm, `${target.endpoint} (${target.setting})`);
  const warnings = mode === 'swarm' ? checkForSwarm(options.project) : checkForContainers(options.project, target.endpoint);
  warnings.forEach(warn);
  const location = engineLocation(target, thisMachine());
  const portProbe = options.portProbe ?? resolveProbeMode(options.probe, location);
  const stackOptions = {
    engine,
    project: options.project,
    executionId: options.executionId,
    extraLabels: options.extraLabels,
    logger: options.logger,
    portProbe,
    ...(options.probeImage ? { probeImage: options.probeImage } : {}),
  };
  const stack = mode === 'swarm' ? createSwarmStack(stackOptions) : createStack(stackOptions);
  return {
    stack,
    engine: engineReport(target, { location, version, ...(swarm ? { swarm } : {}), mode, readinessProbe: probeRouteName(portProbe) }),
  };
}

/**
 * For `etl-cycle doctor`: the engine the settings name, connected to and described (version,
 * swarm state; with `mode`/`probe`, what a run would do on it), with the connection for further
 * checks. Throws the same one-line errors a run would (EtlCycleError, exit 2): print
 * `error.message` as the ✗ line; `formatEngineReport(report)` is the ✓ line.
 */
export async function describeEngine(options: {
  logger: Logger;
  engine?: EngineSelection;
  mode?: StackModeSetting;
  probe?: ProbeSetting;
  onWarning?: (message: string) => void;
}): Promise<{ report: EngineReport; engine: ConnectedEngine }> {
  const { target, engine } = await connect(options.engine ?? {}, options.logger, options.onWarning ?? (() => undefined));
  const version = await engine.version();
  const swarm = await engine.swarmStatus();
  const location = engineLocation(target, thisMachine());
  const mode = options.mode ? chooseStackMode(options.mode, swarm, `${target.endpoint} (${target.setting})`) : undefined;
  const readinessProbe = options.probe ? probeRouteName(resolveProbeMode(options.probe, location)) : undefined;
  const report = engineReport(target, {
    location,
    version,
    swarm,
    ...(mode ? { mode } : {}),
    ...(readinessProbe ? { readinessProbe } : {}),
  });
  return { report, engine };
}
