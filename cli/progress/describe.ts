/** Wording shared by the live and the plain renderer. */
import { formatDuration } from '../../core/duration.js';
import { describeRowCounts } from '../../core/row-metrics.js';
import type { CycleRecord, RunReport } from '../../agent/report.js';

export function describeCycle(record: CycleRecord): string {
  const took = formatDuration(record.duration_seconds * 1000);
  const rows = describeRowCounts(record.orchestrator_metrics);
  if (record.success) return `iteration ${record.iteration} green in ${took}${rows ? ` — ${rows}` : ''}`;
  if (record.status === 'aborted') return `iteration ${record.iteration} aborted after ${took}`;
  const where = record.failed_phase ? ` in ${record.failed_phase}` : '';
  const first = record.matches[0] ? ` at ${record.matches[0].source ?? 'output'}:${record.matches[0].line}` : '';
  return `iteration ${record.iteration} failed${where} after ${took}: ${record.primary_class ?? 'unknown'}${first}`;
}

export function describeOutcome(report: RunReport): string {
  const total = formatDuration(report.total_duration_seconds * 1000);
  const n = report.iterations_executed;
  const iterations = `${n} iteration${n === 1 ? '' : 's'}`;
  switch (report.stop_reason) {
    case 'success':
      return `green after ${iterations} in ${total}`;
    case 'max_iterations':
      return `not green after ${iterations} (${total}): iteration limit reached`;
    case 'non_retryable':
      return `stopped after ${iterations} (${total}): a failure that retrying cannot fix`;
    case 'stuck':
      return `stopped after ${iterations} (${total}): the same failure keeps coming back`;
    case 'budget':
      return `stopped after ${iterations} (${total}): time budget used up`;
    case 'aborted':
      return `aborted after ${iterations} (${total})`;
    case 'interrupted':
      return `interrupted after ${iterations} (${total}): the agent died before it finished`;
    default:
      return `finished after ${iterations} (${total})`;
  }
}
