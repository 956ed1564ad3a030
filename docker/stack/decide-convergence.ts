/**
 * Keep or recreate, per service — pure, so every rule has a unit test
 * (test/unit/docker/decide-convergence.test.ts):
 *
 *  1. everything is recreated when asked (a clean slate: the first iteration, `rebuild: always`);
 *  2. a service without a container gets one;
 *  3. a service mounting a named volume the rebuild drops is recreated (its data goes);
 *  4. a container whose config hash differs from the definition now (image id, command,
 *     environment, mounts, ports, limits, healthcheck, the plan's memory override...) is recreated;
 *  5. a container that is not running (exited, OOM-killed, never started, dead), restarting,
 *     paused or unhealthy is recreated — except a one-shot service that completed with exit 0;
 *  6. everything that depends on a recreated or created service is recreated too (it may hold
 *     connections to, or have initialised from, the container that goes);
 *  7. the rest is kept: unchanged, running, and healthy (or without a healthcheck, or still starting).
 */
import { topologicalOrder } from '../../core/graph.js';
import type { ContainerState, ServiceChange } from '../types.js';

export interface DesiredService {
  name: string;
  /** Hash of the definition its container would get now. */
  configHash: string;
  imageId: string | undefined;
  memLimitBytes: number | undefined;
  /** Services of this run it depends on. */
  dependsOn: readonly string[];
  /** It mounts a named volume of the project that this rebuild drops. */
  losesVolume: boolean;
  /** Done once it exited with code 0 (readiness `completed`, or awaited with service_completed_successfully). */
  oneShot: boolean;
}

export type ObservedState = Pick<ContainerState, 'running' | 'status' | 'exitCode' | 'oomKilled' | 'health'>;

export interface ObservedContainer {
  id: string;
  name: string;
  /** The config-hash label it was created with (undefined: created before etl-cycle labelled hashes). */
  configHash: string | undefined;
  imageId: string;
  memLimitBytes: number | undefined;
  state: ObservedState;
}

export interface ConvergenceInput {
  /** Every service of the run. */
  services: readonly DesiredService[];
  /** This project's containers, by service label. */
  observed: ReadonlyMap<string, readonly ObservedContainer[]>;
  /** Recreate everything, for this reason. */
  recreateAll?: string;
}

/** One change per service, in the order of `services`. */
export function decideConvergence(input: ConvergenceInput): ServiceChange[] {
  const decided = new Map<string, ServiceChange>();
  for (const service of input.services)
    decided.set(service.name, ownChange(service, input.observed.get(service.name) ?? [], input.recreateAll));

  // Rule 6, in dependency order so a chain a ← b ← c passes the recreation down in one sweep.
  const byName = new Map(input.services.map((s) => [s.name, s]));
  const order = topologicalOrder(
    input.services.map((s) => s.name),
    (name) => byName.get(name)?.dependsOn ?? [],
  );
  for (const name of order) {
    const change = decided.get(name)!;
    if (change.action !== 'keep') continue;
    const replaced = byName
      .get(name)!
      .dependsOn.find((dependency) => decided.get(dependency)?.action !== 'keep' && decided.has(dependency));
    if (replaced !== undefined) {
      decided.set(name, {
        service: name,
        action: 'recreate',
        reason: `depends on ${replaced}, which is ${describeAction(decided.get(replaced)!)}`,
      });
    }
  }
  return input.services.map((s) => decided.get(s.name)!);
}

function ownChange(service: DesiredService, containers: readonly ObservedContainer[], recreateAll: string | undefined): ServiceChange {
  const change = (action: ServiceChange['action'], reason: string): ServiceChange => ({ service: service.name, action, reason });
  const [container, ...more] = containers;
  if (!container) return change('create', recreateAll ?? 'no container yet');
  if (recreateAll !== undefined) return change('recreate', recreateAll);
  if (more.length > 0) return change('recreate', `${containers.length} containers for one service`);
  if (service.losesVolume) return change('recreate', 'its data volume is dropped (fresh volumes)');
  const changed = definitionChange(service, container);
  if (changed) return change('recreate', changed);
  const problem = containerStateProblem(container.state, service.oneShot);
  if (problem) return change('recreate', problem);
  return change('keep', keptBecause(container.state));
}

/** Why a container is not the one the definition asks for now; undefined when it is. */
function definitionChange(service: DesiredService, container: ObservedContainer): string | undefined {
  if (container.configHash === service.configHash) return undefined;
  if (container.configHash === undefined) return 'created without a config hash (an older etl-cycle): its definition is unknown';
  if (service.imageId !== undefined && container.imageId !== service.imageId) {
    return `image changed (${shortId(container.imageId)} → ${shortId(service.imageId)})`;
  }
  if (container.memLimitBytes !== service.memLimitBytes) {
    return `memory limit ${describeBytes(container.memLimitBytes)} → ${describeBytes(service.memLimitBytes)}`;
  }
  return 'definition changed (command, environment, ports, mounts, limits, healthcheck or labels)';
}

/**
 * Why a container's state alone calls for a fresh one (undefined: it can be kept). Shared with
 * the planner, which must know whether the next rebuild keeps the services an orchestration
 * ran against.
 */
export function containerStateProblem(state: ObservedState, oneShot: boolean): string | undefined {
  if (state.status === 'restarting') return 'restarting (crash loop)';
  if (state.status === 'paused') return 'paused';
  if (!state.running) {
    if (state.oomKilled) return `OOM-killed (exit ${state.exitCode ?? 137})`;
    if (state.exitCode === 0 && oneShot) return undefined;
    if (state.status === 'created') return 'never started';
    if (state.exitCode !== null) return `exited with code ${state.exitCode}`;
    return `not running (${state.status})`;
  }
  if (state.health === 'unhealthy') return 'unhealthy';
  return undefined;
}

function keptBecause(state: ObservedState): string {
  if (!state.running) return 'unchanged and completed (exit 0)';
  if (state.health === 'healthy') return 'unchanged, running and healthy';
  if (state.health === 'starting') return 'unchanged and running (health: starting)';
  return 'unchanged and running';
}

function describeAction(change: ServiceChange): string {
  return change.action === 'create' ? 'created' : 'recreated';
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

function describeBytes(bytes: number | undefined): string {
  if (bytes === undefined) return 'none';
  const mib = bytes / 1024 / 1024;
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}
