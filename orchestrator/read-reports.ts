/**
 * Reads back what earlier executions wrote: one report (status, --resume) or all of them,
 * newest first (status without an id). Reports are written atomically, so a file is either a
 * whole report or absent; one that does not parse was not written by us and is skipped.
 */
import { readdir, readFile } from 'node:fs/promises';
import { UsageError, errorMessage } from '../core/errors.js';
import { checkExecutionId, orchestrationsDir, reportFileOf } from './report-paths.js';
import type { OrchestrationReport } from './types.js';

export async function readReport(logsDir: string, executionId: string, option: string): Promise<OrchestrationReport> {
  const file = reportFileOf(logsDir, checkExecutionId(executionId, option));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(
      `${option} ${executionId}: ${missing ? `no report ${file}` : `cannot read ${file}: ${errorMessage(error)}`} (\`etl-cycle orchestrate status\` lists the executions)`,
    );
  }
  const report = parseReport(text);
  if (!report) throw new UsageError(`${option} ${executionId}: ${file} is not an orchestration report`);
  return report;
}

export async function listReports(logsDir: string): Promise<OrchestrationReport[]> {
  const dir = orchestrationsDir(logsDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const reports = await Promise.all(
    names
      .filter((name) => name.endsWith('.json'))
      .map(async (name) => {
        try {
          return parseReport(await readFile(`${dir}/${name}`, 'utf8'));
        } catch {
          return undefined;
        }
      }),
  );
  return reports
    .filter((report): report is OrchestrationReport => report !== undefined)
    .sort((a, b) => b.start_time.localeCompare(a.start_time) || b.execution_id.localeCompare(a.execution_id));
}

function parseReport(text: string): OrchestrationReport | undefined {
  try {
    const value = JSON.parse(text) as Partial<OrchestrationReport>;
    return typeof value.execution_id === 'string' &&
      typeof value.start_time === 'string' &&
      typeof value.tasks === 'object' &&
      value.tasks !== null
      ? (value as OrchestrationReport)
      : undefined;
  } catch {
    return undefined;
  }
}
