/**
 * What the agent knows about one execution of the built-in orchestrator, read back from the
 * report it left (<logs>/orchestrations/<id>.json): which tasks were reused from the execution
 * it resumed, which ran and succeeded, which failed. The agent does not import the orchestrator
 * (they talk through the process and its files), so this reads only the few fields it needs and
 * tolerates a report that is missing or half-written (a killed orchestrator).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface OrchestrationSummary {
  executionId: string;
  /** The execution it resumed, if any. */
  resumedFrom: string | null;
  /** Carried over as green from an earlier execution: not run again. */
  reused: string[];
  /** Ran in this execution and succeeded. */
  succeeded: string[];
  /** Failed or timed out. */
  failed: string[];
  /** Skipped, or never reached (a dependency failed, the execution was stopped). */
  notRun: string[];
}

/** Where the orchestrator writes the report of `executionId` under the logs folder. */
export function orchestrationReportFile(logsDir: string, executionId: string): string {
  return join(logsDir, 'orchestrations', `${executionId}.json`);
}

export async function readOrchestrationSummary(logsDir: string, executionId: string): Promise<OrchestrationSummary | undefined> {
  let report: { execution_id?: unknown; resumed_from?: unknown; tasks?: unknown };
  try {
    report = JSON.parse(await readFile(orchestrationReportFile(logsDir, executionId), 'utf8')) as typeof report;
  } catch {
    return undefined;
  }
  if (report.execution_id !== executionId || typeof report.tasks !== 'object' || report.tasks === null) return undefined;
  const summary: OrchestrationSummary = {
    executionId,
    resumedFrom: typeof report.resumed_from === 'string' ? report.resumed_from : null,
    reused: [],
    succeeded: [],
    failed: [],
    notRun: [],
  };
  for (const [id, task] of Object.entries(report.tasks as Record<string, { status?: unknown; resumed_from?: unknown }>)) {
    if (task.status === 'succeeded') (typeof task.resumed_from === 'string' ? summary.reused : summary.succeeded).push(id);
    else if (task.status === 'failed' || task.status === 'timed_out') summary.failed.push(id);
    else summary.notRun.push(id);
  }
  return summary;
}
