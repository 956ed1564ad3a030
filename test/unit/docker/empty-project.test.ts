/** A project without services: up and containerStates touch no engine at all; cleanup only looks for leftovers. */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import type { EngineClient } from '../../../docker/engine/engine-client.js';
import { createStack } from '../../../docker/stack/create-stack.js';
import { project } from './model.js';

/** An engine that records every call and answers lists with nothing. */
function recordingEngine(calls: string[]): EngineClient {
  return new Proxy({ endpoint: 'unix:///fake.sock' } as EngineClient, {
    get(target, property) {
      if (property === 'endpoint') return target.endpoint;
      if (property === 'then') return undefined;
      return async () => {
        calls.push(String(property));
        return [];
      };
    },
  });
}

describe('a project with no services', () => {
  it('is a no-op', async () => {
    const calls: string[] = [];
    const stack = createStack({ engine: recordingEngine(calls), project: project('empty', []), executionId: 'x', logger: silentLogger() });
    expect(await stack.up({ readiness: {} })).toEqual({ services: [], changes: [], removed: [] });
    expect(await stack.containerStates()).toEqual([]);
    expect(calls).toEqual([]);
    // Containers, networks or volumes a former model left under this project name are still found.
    expect(await stack.down({ removeVolumes: true })).toEqual({ removed: [], orphansKept: [] });
    expect(calls).toEqual(['listContainers', 'listNetworks', 'listVolumes']);
  });
});
