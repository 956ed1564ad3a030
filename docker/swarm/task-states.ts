/**
 * What the classifier learns about a Swarm service: one ContainerState per replica slot (per node
 * for global services), from the tasks' status (state, exit code, error) and, where the task's
 * container is on the node etl-cycle talks to, from the container (OOMKilled, health). A slot
 * whose newest task is not running is reported by the task that failed, even after Swarm started a
 * replacement: its exit is the fact that explains the iteration.
 */
import type { ContainerInfo } from '../engine/engine-client.js';
import type { TaskInfo } from '../engine/swarm-client.js';
import type { ContainerState } from '../types.js';

export const FAILED_TASK_STATES = new Set(['failed', 'rejected', 'orphaned']);

/** Newest first. */
function byRecency(a: TaskInfo, b: TaskInfo): number {
  return b.timestamp.localeCompare(a.timestamp);
}

/** Tasks grouped by replica slot (replicated) or node (global). */
export function tasksBySlot(tasks: readonly TaskInfo[]): Map<string, TaskInfo[]> {
  const slots = new Map<string, TaskInfo[]>();
  for (const task of [...tasks].sort(byRecency)) {
    const key = task.slot === undefined ? `node:${task.nodeId}` : `slot:${task.slot}`;
    slots.set(key, [...(slots.get(key) ?? []), task]);
  }
  return slots;
}

/** The task that speaks for a slot: its newest if that one runs, else its newest failed one, else its newest. */
export function representativeTask(slot: readonly TaskInfo[]): TaskInfo | undefined {
  if (slot[0]?.state === 'running') return slot[0];
  return slot.find((task) => FAILED_TASK_STATES.has(task.state)) ?? slot[0];
}

export function taskContainerName(serviceName: string, task: TaskInfo): string {
  return `${serviceName}.${task.slot ?? task.nodeId}.${task.id}`;
}

export function toTaskContainerState(
  service: string,
  serviceName: string,
  task: TaskInfo,
  slot: readonly TaskInfo[],
  container: ContainerInfo | undefined,
  memLimitBytes: number | undefined,
): ContainerState {
  const health = container?.state.health?.status;
  return {
    service,
    containerName: container?.name ?? taskContainerName(serviceName, task),
    containerId: task.containerId ?? '',
    running: task.state === 'running',
    status: task.state,
    exitCode: task.exitCode ?? (container && !container.state.running ? container.state.exitCode : null),
    oomKilled: container?.state.oomKilled ?? false,
    // Swarm holds a task in "starting" until its healthcheck passes, so a running task is a healthy one.
    ...(health ? { health } : container?.healthcheck && task.state === 'running' ? { health: 'healthy' as const } : {}),
    ...(task.error ? { error: task.error } : {}),
    restartCount: slot.filter((t) => t !== task && FAILED_TASK_STATES.has(t.state)).length,
    ...(memLimitBytes === undefined ? {} : { memLimitBytes }),
  };
}
