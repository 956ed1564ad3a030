import type { TaskConfig } from '../../config/types.js';
import type { StackOperations } from '../../docker/types.js';
import type { TaskVariables } from '../expand-variables.js';
import type { TaskOutput } from '../task-output.js';

/** What a runner gets for one attempt of one task. Runners report how it ended; they throw only for bugs. */
export interface AttemptContext {
  task: TaskConfig;
  /** 1 for the first attempt. */
  attempt: number;
  /** ETL_CYCLE_METRICS_FILE of this attempt (emptied before it; run tasks get it). */
  metricsFile: string;
  /** The task's timeout scaled by ETL_CYCLE_TIMEOUT_FACTOR. */
  timeoutMs: number;
  /** Aborts when the execution is stopped by a signal. */
  signal: AbortSignal;
  output: TaskOutput;
  variables: TaskVariables;
  /** The orchestrator's environment, which a run task inherits (with the task's env on top). */
  processEnv: Readonly<Record<string, string | undefined>>;
  /** Between SIGTERM and SIGKILL for a run task's process tree. */
  killGraceMs: number;
  /** The project's stack, connected on first use (only exec tasks need the engine). */
  stack(): Promise<StackOperations>;
}
