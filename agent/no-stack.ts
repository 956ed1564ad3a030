/**
 * The stack of a project without a Compose file: nothing to clean, start or wait for, so no
 * Docker engine is needed at all; the loop only retries and diagnoses the orchestrator.
 */
import { UsageError } from '../core/errors.js';
import type { ProjectModel, StackOperations } from '../docker/types.js';

export function createNoStack(project: ProjectModel): StackOperations {
  const nothing = { removed: [], orphansKept: [] };
  return {
    project,
    cleanup: async () => nothing,
    planConvergence: async () => ({ changes: [], removeVolumes: false, definitions: {}, existing: {} }),
    up: async () => ({ services: [], changes: [], removed: [] }),
    containerStates: async () => [],
    logs: async () => '',
    findPortHolders: async () => [],
    exec: async (service) => {
      throw new UsageError(`no service "${service}": this project has no Compose file`);
    },
    down: async () => nothing,
  };
}
