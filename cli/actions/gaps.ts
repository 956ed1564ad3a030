/** What `etl-cycle gaps` does: the project's gaps from the run ledger, as a table or JSON. */
import { formatTable } from '../../core/format-table.js';
import { formatAge } from '../../history/format-when.js';
import { listGaps } from '../../history/gaps.js';
import { isoSeconds } from '../../history/windows.js';
import { openProject } from '../../project/open-project.js';
import type { GapsArgs } from '../commands/gaps.js';
import { openLedgerForReading } from '../../session/open-ledger.js';

export async function listGapsCommand(args: GapsArgs): Promise<string> {
  const project = await openProject({
    cwd: process.cwd(),
    configPath: args.config,
    onWarning: (w) => process.stderr.write(`etl-cycle: warning: ${w}\n`),
  });
  const store = await openLedgerForReading(project.config);
  const now = Date.now();
  try {
    const gaps = await listGaps(store, project.name, now);
    if (args.json) {
      const rows = gaps.map((gap) => ({
        workflow: gap.workflow,
        window_start: isoSeconds(gap.start),
        window_end: isoSeconds(gap.end),
        failed_at: new Date(gap.failedAt).toISOString(),
        age_seconds: Math.round(gap.ageMs / 1000),
        failure_class: gap.failureClass,
        error: gap.error,
        attempts: gap.attempts,
      }));
      return `${JSON.stringify(rows, null, 2)}\n`;
    }
    if (gaps.length === 0) return `no gaps: every recorded window of project ${project.name} was loaded\n`;
    const table = [['WORKFLOW', 'WINDOW START', 'WINDOW END', 'FAILED', 'CLASS', 'ATTEMPTS', 'ERROR']];
    for (const gap of gaps)
      table.push([
        gap.workflow,
        isoSeconds(gap.start),
        isoSeconds(gap.end),
        formatAge(gap.failedAt, now),
        gap.failureClass ?? 'unknown',
        String(gap.attempts),
        gap.error ?? '',
      ]);
    const next = `etl-cycle orchestrate --mode full recovers up to ${project.config.gaps.maxRecover} of them, oldest first`;
    return `${formatTable(table)}\n${gaps.length} gap(s); ${next}\n`;
  } finally {
    await store.close();
  }
}
