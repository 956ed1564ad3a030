/**
 * Adjustments: the typed changes the planner makes to the next iteration's plan. Each one
 * really changes what the next iteration does (see plan.ts for who reads which field), and
 * each carries the before/after values that the report shows.
 */
import { formatDuration } from '../core/duration.js';
import type { IterationPlan } from './plan.js';

export type Adjustment =
  | { kind: 'raise_readiness_timeout'; service: string; fromMs: number; toMs: number }
  | { kind: 'raise_settle'; service: string; fromMs: number; toMs: number }
  | { kind: 'wait_for_healthcheck'; service: string }
  | { kind: 'add_port_check'; service: string; port: number }
  | { kind: 'raise_orchestrator_timeout'; fromMs: number; toMs: number }
  | { kind: 'raise_step_timeouts'; fromFactor: number; toFactor: number }
  | { kind: 'recreate_volumes' }
  | { kind: 'remove_orphans' }
  | { kind: 'raise_memory'; service: string; fromBytes: number; toBytes: number }
  | { kind: 'lower_parallelism'; from: number | undefined; to: number }
  /** Resume the built-in orchestrator's execution: `reused` stay green, the rest runs again. */
  | { kind: 'resume_orchestration'; executionId: string; reused: string[] }
  | { kind: 'retry' };

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

export function describeAdjustment(a: Adjustment): string {
  switch (a.kind) {
    case 'raise_readiness_timeout':
      return `raise the readiness deadline of ${a.service} from ${formatDuration(a.fromMs)} to ${formatDuration(a.toMs)}`;
    case 'raise_settle':
      return `require ${a.service} to stay ready for ${formatDuration(a.toMs)} (was ${formatDuration(a.fromMs)}) before orchestrating`;
    case 'wait_for_healthcheck':
      return `wait for the healthcheck of ${a.service} instead of its ports`;
    case 'add_port_check':
      return `wait for port ${a.port} of ${a.service} to accept connections`;
    case 'raise_orchestrator_timeout':
      return `raise the orchestrator timeout from ${formatDuration(a.fromMs)} to ${formatDuration(a.toMs)}`;
    case 'raise_step_timeouts':
      return `scale the orchestrator's step timeouts by ${a.toFactor} (was ${a.fromFactor}; ETL_CYCLE_TIMEOUT_FACTOR)`;
    case 'recreate_volumes':
      return "recreate the schema: remove the project's data volumes so init steps run on fresh data";
    case 'remove_orphans':
      return 'deeper cleanup: remove stale containers of this project left by earlier runs';
    case 'raise_memory':
      return `raise the memory limit of ${a.service} from ${mib(a.fromBytes)} to ${mib(a.toBytes)}`;
    case 'lower_parallelism':
      return `lower the orchestrator's parallelism to ${a.to}${a.from === undefined ? '' : ` (was ${a.from})`} (ETL_CYCLE_MAX_WORKERS)`;
    case 'resume_orchestration':
      return `resume orchestration ${a.executionId}: reuse ${a.reused.join(', ')} (green), run the failed task and what depends on it again`;
    case 'retry':
      return 'retry unchanged after backoff';
  }
}

/** The plan with `a` applied. Pure. */
export function applyAdjustment(plan: IterationPlan, a: Adjustment): IterationPlan {
  const withService = (service: string, change: (p: IterationPlan['readiness'][string]) => IterationPlan['readiness'][string]) => {
    const current = plan.readiness[service];
    return current ? { ...plan, readiness: { ...plan.readiness, [service]: change(current) } } : plan;
  };
  switch (a.kind) {
    case 'raise_readiness_timeout':
      return withService(a.service, (p) => ({ ...p, timeoutMs: a.toMs }));
    case 'raise_settle':
      return withService(a.service, (p) => ({ ...p, settleMs: a.toMs }));
    case 'wait_for_healthcheck':
      return withService(a.service, (p) => ({ ...p, strategy: { type: 'healthcheck' } }));
    case 'add_port_check':
      return withService(a.service, (p) => {
        const existing = p.strategy.type === 'ports' ? (p.strategy.ports ?? []) : [];
        return { ...p, strategy: { type: 'ports', ports: [...new Set([...existing, a.port])] } };
      });
    case 'raise_orchestrator_timeout':
      return { ...plan, orchestratorTimeoutMs: a.toMs };
    case 'raise_step_timeouts':
      return { ...plan, stepTimeoutFactor: a.toFactor };
    case 'recreate_volumes':
      return { ...plan, recreateVolumes: true };
    case 'remove_orphans':
      return { ...plan, removeOrphans: true };
    case 'raise_memory':
      return { ...plan, memoryOverrides: { ...plan.memoryOverrides, [a.service]: a.toBytes } };
    case 'lower_parallelism':
      return { ...plan, maxWorkers: a.to };
    case 'resume_orchestration':
      return { ...plan, resumeFrom: a.executionId };
    case 'retry':
      return plan;
  }
}
