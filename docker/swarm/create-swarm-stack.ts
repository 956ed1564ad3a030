/**
 * The stack as Swarm services (`docker stack deploy`'s model) behind the same StackOperations as
 * the container stack (docker/stack/), chosen by docker/open-stack.ts when the engine is a Swarm
 * manager and docker.mode allows it.
 */
import type { SwarmEngineClient } from '../engine/swarm-client.js';
import { stackContextOf } from '../stack/create-stack.js';
import type { CreateStackOptions } from '../stack/create-stack.js';
import type { StackOperations } from '../types.js';
import type { SwarmStackContext } from './swarm-context.js';
import { swarmCleanup } from './swarm-cleanup.js';
import { swarmContainerStates, swarmExec, swarmLogs, swarmPortHolders } from './swarm-inspect.js';
import { enabledServices } from '../stack/resource-names.js';
import { swarmRedeployAll, swarmUp } from './swarm-up.js';

export function createSwarmStack(options: CreateStackOptions & { engine: SwarmEngineClient }): StackOperations {
  const ctx: SwarmStackContext = { ...stackContextOf(options), engine: options.engine };
  return {
    project: options.project,
    cleanup: (cleanupOptions) => swarmCleanup(ctx, cleanupOptions),
    planConvergence: async () => swarmRedeployAll(enabledServices(options.project)),
    up: (upOptions) => swarmUp(ctx, upOptions),
    containerStates: () => swarmContainerStates(ctx),
    logs: (service, logOptions) => swarmLogs(ctx, service, logOptions),
    findPortHolders: (port) => swarmPortHolders(ctx, port),
    exec: (service, command, execOptions) => swarmExec(ctx, service, command, execOptions),
    down: (downOptions) => swarmCleanup(ctx, { removeVolumes: downOptions.removeVolumes, removeOrphans: true, signal: downOptions.signal }),
  };
}
