/**
 * What one iteration does, as data. The planner changes it between iterations; the iteration
 * runner reads it: `rebuild` and `recreateVolumes` to the cleanup and the rebuild, raised
 * deadlines to the readiness waits, memory overrides to the container definitions (a changed
 * limit recreates the service), timeouts, parallelism and `resumeFrom` to the orchestrator.
 */
import type { EtlCycleConfig, ReadinessWait } from '../config/types.js';
import type { ReadinessStrategy, ServiceReadinessPlan } from '../docker/types.js';
import type { LearnedDeadlines } from '../history/learned-deadlines.js';

/** clean: remove every container first and recreate all; converge: keep what is current, running and healthy. */
export type RebuildKind = 'clean' | 'converge';

export interface IterationPlan {
  rebuild: RebuildKind;
  /** What `rebuild` becomes for the iterations after this one (rebuild.mode: always → clean). */
  laterRebuild: RebuildKind;
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
  /**
   * One-shot: resume this execution of the built-in orchestrator (`orchestrate --resume`): its
   * green tasks are reused, the failed one and what depends on it run again.
   */
  resumeFrom?: string;
}

export interface ServiceFacts {
  name: string;
  hasHealthcheck: boolean;
  memLimitBytes?: number;
  /** Container ports, with the host port each is published on (if it is). */
  ports: { container: number; host?: number }[];
  /** Names the service answers to on its networks (service name, aliases, container name). */
  hostnames: string[];
  /** A one-shot service (others wait for it with service_completed_successfully): exited 0 is its healthy state. */
  oneShot?: boolean;
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
  const { mode, firstIteration } = config.rebuild;
  return {
    rebuild: mode === 'always' || firstIteration === 'clean' ? 'clean' : 'converge',
    laterRebuild: mode === 'always' ? 'clean' : 'converge',
    readiness,
    orchestratorTimeoutMs: learned?.orchestratorTimeout?.ms ?? config.orchestrator.timeoutMs,
    stepTimeoutFactor: learned?.taskTimeoutFactor?.factor ?? 1,
    memoryOverrides: {},
    recreateVolumes: false,
    removeOrphans: false,
  };
}

/** The plan the next iteration starts from: one-shot actions (and the first iteration's clean slate) are consumed, raised limits stay. */
export function carryOver(plan: IterationPlan): IterationPlan {
  const { resumeFrom: _consumed, ...rest } = plan;
  return { ...rest, rebuild: plan.laterRebuild, recreateVolumes: false, removeOrphans: false };
}
