/**
 * The built-in orchestrator's execution reports of one iteration of a run (logs/orchestrations/,
 * each naming its parent execution and iteration), for the ledger's task runs. Report names
 * start with their UTC start time, so only the few written since the iteration started are read.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newExecutionId } from '../core/execution-id.js';
import { orchestrationsDir } from '../orchestrator/report-paths.js';
import type { OrchestrationReport } from '../orchestrator/types.js';

export async function iterationOrchestrations(
  logsDirs: readonly string[],
  parentExecutionId: string,
  iteration: number,
  iterationStart: Date,
): Promise<OrchestrationReport[]> {
  // Same second as the iteration's start, minus one for clocks that round.
  const floor = newExecutionId(new Date(iterationStart.getTime() - 1000)).slice(0, 15);
  const found = new Map<string, OrchestrationReport>();
  for (const dir of new Set(logsDirs.map(orchestrationsDir))) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.endsWith('.json') || name.slice(0, 15) < floor) continue;
      const report = await readFile(join(dir, name), 'utf8').then(
        (text) => JSON.parse(text) as Partial<OrchestrationReport>,
        () => undefined,
      );
      if (report?.parent_execution_id === parentExecutionId && report.iteration === iteration && report.tasks && report.execution_id) {
        found.set(report.execution_id, report as OrchestrationReport);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.start_time.localeCompare(b.start_time));
}
