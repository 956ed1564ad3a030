/**
 * The docker layer as agent/ and orchestrator/ see it: connect to the engine, operate a project's
 * stack, and the contract types. Engine internals (dockerode, probes) stay behind this.
 */
export type * from './types.js';
export { StackUpError, type StackUpStage } from './errors.js';
export { LABELS, MANAGED_BY_VALUE, ownedBy, projectFilter } from './labels.js';
export { connectEngine, type ConnectEngineOptions } from './engine/dockerode-client.js';
export type { EngineClient, EngineVersion } from './engine/engine-client.js';
export { createStack, type CreateStackOptions } from './stack/create-stack.js';
export type { PortProbeMode } from './readiness/port-probe-mode.js';
export { defaultReadinessPlan, DEFAULT_READINESS_TIMEOUT_MS } from './readiness/default-readiness-plan.js';
