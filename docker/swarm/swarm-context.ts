import type { SwarmEngineClient } from '../engine/swarm-client.js';
import type { StackContext } from '../stack/stack-context.js';

/** The container stack's context, with the engine's Swarm calls. */
export interface SwarmStackContext extends StackContext {
  readonly engine: SwarmEngineClient;
}
