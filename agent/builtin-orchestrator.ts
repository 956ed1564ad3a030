/**
 * How the agent runs the built-in orchestrator (orchestrator.workflow): inside its own process.
 * Its tasks are processes of their own (their trees stopped on timeout, abort and exit, and
 * found by the dead-run sweep through ETL_CYCLE_EXECUTION_ID), so a child process only to
 * schedule them bought nothing but about half a second of Node.js start-up per iteration. The
 * agent may not import orchestrator/ (docs/architecture.md): session/builtin-orchestrator.ts
 * builds this from it, and prepare-run.ts is handed it.
 */
import type { StackOperations } from '../docker/types.js';

export interface BuiltinOrchestrationRequest {
  /** The execution id the agent picked: it reads the orchestration report back under it. */
  executionId: string;
  /** Resume this earlier execution (its report exists): green tasks are reused. */
  resumeFrom?: string;
  /** The ETL_CYCLE_* variables a child orchestrator would have in its environment (its tasks get them). */
  variables: Record<string, string>;
  /** Every line the orchestrator prints, as its own stdout and stderr would carry it. */
  print(stream: 'stdout' | 'stderr', line: string): void;
  /** Aborted on a signal, the time budget or the orchestrator timeout: the orchestration stops its tasks and ends. */
  signal: AbortSignal;
  /** The run's stack, for exec tasks. */
  stack: StackOperations;
}

/** Resolves with the exit code `etl-cycle orchestrate` would have ended with (0 green, 1 failed, 2 bad input, 130/143 stopped). */
export type BuiltinOrchestrator = (request: BuiltinOrchestrationRequest) => Promise<number>;
