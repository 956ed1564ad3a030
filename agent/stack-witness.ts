/**
 * What an iteration built, to tell later whether the stack is still that one. The rebuild phase
 * records each service's container (id, name, whether it is a one-shot job, its restart
 * policy); when the orchestrator has ended, `stackChanges` compares that with what the engine
 * reports. A run is green only on the stack it built: a container removed or replaced while the
 * orchestrator ran (another run's cleanup, `docker compose down`, a person) or one that stopped
 * when nothing says it may, makes the iteration fail with that fact.
 */
import type { ContainerState, ServiceModel, ServiceReadinessPlan, UpResult } from '../docker/types.js';

export interface BuiltContainer {
  service: string;
  containerId: string;
  containerName: string;
  /** Ready when it exited 0 (`completed`, or others wait for it with service_completed_successfully). */
  oneShot: boolean;
  /** Compose `restart:` (no, always, unless-stopped, on-failure[:N]). */
  restart: string;
}

export type StackChangeKind = 'removed' | 'replaced' | 'exited';

export interface StackChange {
  kind: StackChangeKind;
  service: string;
  containerName: string;
  containerId: string;
  /** The container now running for the service instead (replaced). */
  replacedBy?: string;
  exitCode?: number | null;
  /** One line for people. */
  detail: string;
}

export class StackWitness {
  private built: BuiltContainer[] = [];

  /** The iteration's cleanup starts a new stack: nothing is built until `record`. */
  forget(): void {
    this.built = [];
  }

  record(up: UpResult, services: readonly ServiceModel[], readiness: Record<string, ServiceReadinessPlan>): void {
    this.built = up.services.flatMap((status) => {
      const model = services.find((s) => s.name === status.service);
      if (!status.containerId || !model) return [];
      const oneShot =
        readiness[status.service]?.strategy.type === 'completed' ||
        services.some((other) =>
          other.dependsOn.some((d) => d.service === status.service && d.condition === 'service_completed_successfully'),
        );
      return [
        {
          service: status.service,
          containerId: status.containerId,
          containerName: status.containerName,
          oneShot,
          restart: model.restart ?? 'no',
        },
      ];
    });
  }

  get containers(): readonly BuiltContainer[] {
    return this.built;
  }
}

/** What changed between what was built and what the engine reports now (empty: the same stack). */
export function stackChanges(built: readonly BuiltContainer[], states: readonly ContainerState[], project: string): StackChange[] {
  const changes: StackChange[] = [];
  const who = `another etl-cycle run on project ${project}, docker compose or a person`;
  for (const container of built) {
    const own = states.find((s) => s.containerId === container.containerId);
    const base = { service: container.service, containerName: container.containerName, containerId: container.containerId };
    if (!own) {
      const other = states.find((s) => s.service === container.service);
      changes.push(
        other
          ? {
              ...base,
              kind: 'replaced',
              replacedBy: other.containerId,
              detail: `container ${container.containerName} (service ${container.service}, ${short(container.containerId)}) was replaced by ${short(other.containerId)} while the orchestrator ran: ${who} recreated it`,
            }
          : {
              ...base,
              kind: 'removed',
              detail: `container ${container.containerName} (service ${container.service}, ${short(container.containerId)}) was removed while the orchestrator ran: ${who} removed it`,
            },
      );
      continue;
    }
    if (own.running || mayStop(container, own)) continue;
    changes.push({
      ...base,
      kind: 'exited',
      exitCode: own.exitCode,
      detail: `container ${container.containerName} (service ${container.service}) is ${own.status}${own.exitCode === null ? '' : ` with exit code ${own.exitCode}`}${own.oomKilled ? ' (OOM-killed)' : ''} after the orchestrator ran; nothing in the Compose file lets it stop`,
    });
  }
  return changes;
}

/** A one-shot job that finished well, or a container Compose's restart policy brings back. */
function mayStop(container: BuiltContainer, state: ContainerState): boolean {
  if (container.oneShot && state.exitCode === 0) return true;
  if (state.status === 'restarting') return container.restart !== 'no';
  if (container.restart === 'always' || container.restart === 'unless-stopped') return true;
  // on-failure restarts only a failed container; one that exited 0 stays down, as Compose intends.
  if (container.restart.startsWith('on-failure')) return state.exitCode === 0 ? container.oneShot : true;
  return false;
}

function short(id: string): string {
  return id.slice(0, 12);
}
