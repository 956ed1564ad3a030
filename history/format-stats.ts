/** The text `etl-cycle stats` prints. */
import { formatDuration } from '../core/duration.js';
import { formatTable } from '../core/format-table.js';
import { formatPercent } from './format-when.js';
import type { Distribution, HistoryStats } from './stats.js';

const ms = (value: number | null) => (value === null ? 'n/a' : formatDuration(value));
const count = (value: number | null) => (value === null ? 'n/a' : Number.isInteger(value) ? String(value) : value.toFixed(1));

function spread(d: Distribution, format: (v: number | null) => string): string {
  return d.count === 0 ? 'n/a (no green run yet)' : `median ${format(d.median)}, p95 ${format(d.p95)}`;
}

export function formatStats(stats: HistoryStats, scope: { project: string; window: string; store: string }): string {
  const { byState } = stats;
  const lines = [`stats of project ${scope.project}, ${scope.window} (${scope.store})`];
  if (stats.executions === 0) return `${lines[0]}\n  no executions in this window\n`;
  const states = (['success', 'failed', 'aborted', 'interrupted', 'running'] as const)
    .filter((s) => byState[s] > 0)
    .map((s) => `${byState[s]} ${s}`);
  const judged = byState.success + byState.failed + byState.interrupted;
  lines.push(
    `  executions: ${stats.executions} (${states.join(', ')})`,
    `  success rate: ${formatPercent(stats.successRate)}${judged ? ` (${byState.success} of ${judged}; aborted and running runs not counted)` : ''}`,
    `  time to green: ${spread(stats.timeToGreenMs, ms)}`,
    `  iterations to green: ${spread(stats.iterationsToGreen, count)}`,
    `  flakiness: ${
      stats.flakiness === null
        ? 'n/a (no green run yet)'
        : `${formatPercent(stats.flakiness)} of green runs were green only after a retry (${stats.greenAfterRetry} of ${byState.success})`
    }`,
  );
  if (stats.topClasses.length) {
    lines.push('  top failure classes:');
    lines.push(
      formatTable(stats.topClasses.map((c) => [`    ${c.class}`, `${c.executions} run(s)`, `${c.iterations} failed iteration(s)`])),
    );
  }
  if (stats.tasks.length) {
    lines.push('  tasks (built-in orchestrator; durations of succeeded runs):');
    lines.push(
      formatTable([
        ['    TASK', 'RUNS', 'FAILED', 'MEDIAN', 'P95'],
        ...stats.tasks.map((t) => [
          `    ${t.taskId}`,
          String(t.runs),
          `${t.failures} (${formatPercent(t.failureRate)})`,
          ms(t.durationMs.median),
          ms(t.durationMs.p95),
        ]),
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}
