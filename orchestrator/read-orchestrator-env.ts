/**
 * What the agent tells the built-in orchestrator through the environment (see
 * agent/phases/orchestrate-phase.ts): scale every task timeout by ETL_CYCLE_TIMEOUT_FACTOR, run
 * at most ETL_CYCLE_MAX_WORKERS tasks at once, and which execution and iteration this belongs
 * to (recorded in the report), under which execution id to run (ETL_CYCLE_ORCHESTRATION_ID: the
 * agent resumes it later) and where the logs go (ETL_CYCLE_LOG_DIR: the agent's own folder, so
 * `run --log-dir` moves them too). Outside the agent none of them is set and nothing changes.
 */
import { AGENT_VARIABLES as V } from '../core/agent-variables.js';
import { UsageError } from '../core/errors.js';
import { checkExecutionId } from './report-paths.js';

export interface OrchestratorEnvSettings {
  timeoutFactor: number;
  /** Upper bound on workers; undefined = no bound. */
  maxWorkers?: number;
  parentExecutionId?: string;
  iteration?: number;
  /** Run under this execution id instead of a new one. */
  executionId?: string;
  /** Write reports and task logs here instead of logs.dir. */
  logsDir?: string;
}

export function readOrchestratorEnv(env: Readonly<Record<string, string | undefined>>): OrchestratorEnvSettings {
  const executionId = env[V.orchestrationId] || undefined;
  return {
    timeoutFactor: readNumber(env, V.timeoutFactor, { integer: false }) ?? 1,
    maxWorkers: readNumber(env, V.maxWorkers, { integer: true }),
    parentExecutionId: env[V.executionId] || undefined,
    iteration: readNumber(env, V.iteration, { integer: true }),
    executionId: executionId === undefined ? undefined : checkExecutionId(executionId, V.orchestrationId),
    logsDir: env[V.logDir] || undefined,
  };
}

function readNumber(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  { integer }: { integer: boolean },
): number | undefined {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  const ok = Number.isFinite(value) && value > 0 && (!integer || Number.isInteger(value));
  if (!ok)
    throw new UsageError(
      `${name}=${JSON.stringify(env[name])}: expected ${integer ? 'a whole number' : 'a number'} above 0; unset it or fix the value`,
    );
  return value;
}
