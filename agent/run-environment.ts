/**
 * Everything an iteration needs that outlives it: built once per run by prepare-run.ts.
 */
import type { EtlCycleConfig } from '../config/types.js';
import type { Logger } from '../core/logger.js';
import type { LearnedDeadlines } from '../history/learned-deadlines.js';
import type { EngineReport } from '../docker/engine/engine-report.js';
import type { StackOperations } from '../docker/types.js';
import type { Catalogue } from '../patterns/types.js';
import type { BuiltinOrchestrator } from './builtin-orchestrator.js';
import type { AgentObserver } from './observer.js';
import type { ServiceFacts } from './plan.js';
import type { StackWitness } from './stack-witness.js';

export type OrchestratorRunner =
  /** orchestrator.command: argv, or a shell line kept as a string. */
  | { kind: 'command'; command: readonly string[] | string }
  /** orchestrator.workflow, run inside this process (builtin-orchestrator.ts). */
  | { kind: 'builtin'; workflow: string; run: BuiltinOrchestrator };

export interface RunEnvironment {
  config: EtlCycleConfig;
  executionId: string;
  project: string;
  stack: StackOperations;
  /** The engine the stack runs on (none without services). */
  engine?: EngineReport;
  services: ServiceFacts[];
  /** The pattern catalogue, loaded on the first call (see prepare-run.ts): the same promise every time. */
  catalogue(): Promise<Catalogue>;
  logger: Logger;
  observer: Required<AgentObserver>;
  /** What the orchestrate phase runs: the user's command, or the built-in orchestrator's workflow. */
  orchestrator: OrchestratorRunner;
  /** Running in CI: never push; plain output. */
  ci: boolean;
  maxIterations: number;
  /** Deadlines learned from past green runs, for the first iteration's plan (initialPlan). */
  learnedDeadlines?: LearnedDeadlines;
  /** Set once "not a git repository" has been reported, so it is said once per run. */
  notices: Set<string>;
  /** The containers the current iteration built (recorded by the rebuild phase, checked by validate). */
  stackWitness: StackWitness;
}
