/**
 * The text `etl-cycle history` and `etl-cycle show` print: one line per execution, newest
 * first; one execution with its iterations, classes, matched lines, adjustments, phase times
 * and task runs.
 */
import { formatDuration } from '../core/duration.js';
import { formatTable } from '../core/format-table.js';
import { formatAge } from './format-when.js';
import type { ExecutionDetail, ExecutionSummary, IterationRow } from './types.js';

const duration = (ms: number | null) => (ms === null ? '' : formatDuration(ms));
const sha = (value: string | null) => (value ? value.slice(0, 7) : '');

export function formatExecutionList(rows: readonly ExecutionSummary[], now: number): string {
  if (rows.length === 0) return 'no executions recorded yet (every `etl-cycle run` adds one)\n';
  const table = [
    ['EXECUTION', 'WHEN', 'TRIGGER', 'SHA', 'DURATION', 'ITER', 'STATE', 'CLASS'],
    ...rows.map((e) => [
      e.id,
      formatAge(e.startedAt, now),
      e.trigger,
      sha(e.gitSha),
      e.state === 'running' ? `${formatDuration(now - e.startedAt)}…` : duration(e.durationMs),
      `${e.iterations}/${e.maxIterations}`,
      e.state,
      e.mainClass ?? '',
    ]),
  ];
  return `${formatTable(table)}\n`;
}

function verdict(e: ExecutionSummary): string {
  if (e.state === 'success') return e.iterations > 1 ? `green after ${e.iterations} iterations` : 'green';
  if (e.state === 'running') return 'running';
  return e.stopReason && e.stopReason !== e.state ? `${e.state} (${e.stopReason})` : e.state;
}

export function formatExecution(e: ExecutionDetail, now: number): string {
  const lines = [`execution ${e.id}: ${verdict(e)}`];
  lines.push(
    `  project ${e.project}, trigger ${e.trigger}, started ${new Date(e.startedAt).toISOString()} (${formatAge(e.startedAt, now)})` +
      (e.durationMs === null ? '' : `, took ${formatDuration(e.durationMs)}`) +
      `, ${e.iterations} of at most ${e.maxIterations} iteration(s)`,
  );
  const where = [
    e.gitSha ? `git ${sha(e.gitSha)}${e.gitBranch ? ` on ${e.gitBranch}` : ''}` : 'no git',
    `host ${e.host} (pid ${e.pid})`,
    `etl-cycle ${e.version}`,
    ...(e.configHash ? [`config ${e.configHash}`] : []),
  ];
  lines.push(`  ${where.join(', ')}`);
  if (e.diagnosis) lines.push(`  diagnosis: ${e.diagnosis}`);
  if (e.reportFile) lines.push(`  report: ${e.reportFile}`);
  for (const row of e.iterationRows) lines.push(...formatIteration(row));
  return `${lines.join('\n')}\n`;
}

const PHASES = ['snapshot', 'cleanup', 'rebuild', 'orchestrate', 'validate'] as const;
const TASK_MARK: Record<string, string> = { succeeded: '✔', failed: '✖', timed_out: '✖', skipped: '⊘' };

function formatIteration(row: IterationRow): string[] {
  const head =
    row.state === 'success'
      ? `iteration ${row.iteration}: green in ${formatDuration(row.durationMs)}`
      : row.state === 'aborted'
        ? `iteration ${row.iteration}: aborted after ${formatDuration(row.durationMs)}`
        : `iteration ${row.iteration}: failed${row.failedPhase ? ` in ${row.failedPhase}` : ''} after ${formatDuration(row.durationMs)}: ${row.primaryClass ?? 'unknown'}${row.failedTask ? ` (task ${row.failedTask})` : ''}`;
  const lines = [head];
  const phases = PHASES.flatMap((phase) => (row.phases[phase] === null ? [] : [`${phase} ${formatDuration(row.phases[phase]!)}`]));
  if (phases.length) lines.push(`  phases: ${phases.join(', ')}`);
  for (const m of row.matches.slice(0, 5)) lines.push(`  ${m.class} (${m.pattern}) at ${m.source ?? 'output'}:${m.line}: ${m.text}`);
  if (row.matches.length > 5) lines.push(`  … ${row.matches.length - 5} more matched line(s)`);
  if (row.services.length) {
    lines.push(
      `  services: ${row.services
        .map((s) =>
          s.ready
            ? `${s.service} ready${s.readyAfterMs === null ? '' : ` after ${formatDuration(s.readyAfterMs)}`}`
            : `${s.service} not ready`,
        )
        .join(', ')}`,
    );
  }
  if (row.tasks.length) {
    const table = row.tasks.map((t) => [
      `    ${TASK_MARK[t.status] ?? '·'}`,
      t.taskId,
      t.status.replace('_', ' '),
      duration(t.durationMs),
      t.attempts > 1 ? `${t.attempts} attempts` : '',
      [t.error ?? '', rowCounts(t)].filter(Boolean).join('; '),
    ]);
    lines.push('  tasks:', formatTable(table));
  }
  for (const a of row.adjustments) lines.push(`  next: ${a.description}`);
  if (row.diagnosis) lines.push(`  diagnosis: ${row.diagnosis}`);
  if (row.phases.backoff) lines.push(`  then backed off ${formatDuration(row.phases.backoff)}`);
  return lines;
}

function rowCounts(t: IterationRow['tasks'][number]): string {
  const parts = [
    ...(t.rowsRead === null ? [] : [`${t.rowsRead} read`]),
    ...(t.rowsWritten === null ? [] : [`${t.rowsWritten} written`]),
    ...(t.rowsRejected === null ? [] : [`${t.rowsRejected} rejected`]),
  ];
  return parts.length ? `rows: ${parts.join(', ')}` : '';
}
