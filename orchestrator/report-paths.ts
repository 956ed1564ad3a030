/**
 * Where an execution leaves its files under logs.dir: the report in orchestrations/, one log per
 * task in tasks/<execution_id>/. Execution ids given on the command line are checked against
 * the id format first, so `--resume ../../x` cannot read outside these folders.
 */
import { join } from 'node:path';
import { EXECUTION_ID_PATTERN } from '../core/execution-id.js';
import { UsageError } from '../core/errors.js';

export function orchestrationsDir(logsDir: string): string {
  return join(logsDir, 'orchestrations');
}

export function reportFileOf(logsDir: string, executionId: string): string {
  return join(orchestrationsDir(logsDir), `${executionId}.json`);
}

export function taskLogDirOf(logsDir: string, executionId: string): string {
  return join(logsDir, 'tasks', executionId);
}

/** `option` names the flag in the message (--resume, --execution-id). */
export function checkExecutionId(executionId: string, option: string): string {
  if (!EXECUTION_ID_PATTERN.test(executionId)) {
    throw new UsageError(
      `${option} ${JSON.stringify(executionId)}: not an execution id (they look like 20260101_120000_ab12; \`etl-cycle orchestrate status\` lists them)`,
    );
  }
  return executionId;
}
