/**
 * What one iteration does, as data. The planner changes it between iterations; the iteration
 * runner reads it: raised deadlines go to the readiness waits, `recreateVolumes` to the cleanup,
 * memory overrides to container creation, timeouts and parallelism to the orchestrator.
 */
import type { EtlCycleConfig, ReadinessWait } from '../config/types.js';
import type { ReadinessStrategy, ServiceReadinessPlan } from '../docker/types.js';
import type { LearnedDeadlines } from '../history/learned-deadlines.js';

export interface IterationPlan {
  readiness: Record<string, ServiceReadinessPlan>;
  orchestratorTimeoutMs: number;
  /** Multiplies step timeouts inside the orchestrator (ETL_CYCLE_TIMEOUT_FACTOR; the built-in orchestrator honours it). */
  stepTimeoutFactor: number;
  /** Worker limit passed to the orchestrator (ETL_CYCLE_MAX_WORKERS); undefined = its own default. */
  maxWorkers?: number;
  memoryOverrides: Record<string, number>;
  /** One-shot: drop this project's named volumes at the next cleanup (fresh schema and data). */
  recreateVolumes: boolean;
  /** One-shot: also remove containers of this project whose service is gone (stale holders of ports/names). */
  removeOrphans: boolean;
}

export interface ServiceFacts {
  name: string;
  hasHealthcheck: boolean;
  memLimitBytes?: number;
  /** Container ports, with the host port each is published on (if it is). */
  ports: { container: number; host?: number }[];
  /** Names the service answers to on its networks (service name, aliases, container name). */
  hostnames: string[];
}

function strategyFrom(wait: ReadinessWait | undefined): ReadinessStrategy {
  if (!wait) return { type: 'auto' };
  if (wait.type === 'http') return { type: 'http', port: wait.port, path: wait.path, status: wait.status };
  return wait;
}

/** `learned`: deadlines the run history derived from past green runs (history/learned-deadlines.ts); they replace the configured ones. */
export function initialPlan(config: EtlCycleConfig, services: readonly ServiceFacts[], learned?: LearnedDeadlines): IterationPlan {
  const readiness: Record<string, ServiceReadinessPlan> = {};
  for (const service of services) {
    const own = config.readiness.services[service.name];
    readiness[service.name] = {
      strategy: strategyFrom(own?.wait),
      timeoutMs: learned?.readiness[service.name]?.ms ?? own?.timeoutMs ?? config.readiness.timeoutMs,
      settleMs: own?.settleMs ?? config.readiness.settleMs,
    };
  }
  return {
    readiness,
    orchestratorTimeoutMs: learned?.orchestratorTimeout?.ms ?? config.orchestrator.timeoutMs,
    stepTimeoutFactor: learned?.taskTimeoutFactor?.factor ?? 1,
    memoryOverrides: {},
    recreateVolumes: false,
    removeOrphans: false,
  };
}

/** The plan the next iteration starts from: one-shot actions are consumed, raised limits stay. */
export function carryOver(plan: IterationPlan): IterationPlan {
  return { ...plan, recreateVolumes: false, removeOrphans: false };
}
