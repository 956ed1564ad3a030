import type { ContainerInfo } from '../engine/engine-client.js';
import type { ContainerState } from '../types.js';

/** What the classifier gets to know about a service's container. */
export function toContainerState(service: string, info: ContainerInfo): ContainerState {
  return {
    service,
    containerName: info.name,
    containerId: info.id,
    running: info.state.running,
    status: info.state.status,
    exitCode: info.state.exitCode,
    oomKilled: info.state.oomKilled,
    // A healthcheck that has not reported yet (container never started) has no health to tell.
    health: info.state.health?.status ?? (info.healthcheck ? undefined : 'none'),
    error: info.state.error,
    restartCount: info.restartCount,
    memLimitBytes: info.memLimitBytes,
  };
}
