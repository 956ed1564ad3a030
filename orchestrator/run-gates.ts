/**
 * A task's data gates after it succeeded: the figure gates (evaluate-gates.ts) against its row
 * counts, then its `check` command, whose exit code decides. The check runs on the host with the
 * task's environment plus its figures (ETL_CYCLE_ROWS_READ, _WRITTEN, _REJECTED) and its
 * metrics file, under the task's timeout; its output goes to the task's output. A rejection is
 * worded `<task>: <figures>`; the caller fails the task as data_rejected.
 */
import { TASK_VARIABLES } from '../core/agent-variables.js';
import { formatDuration } from '../core/duration.js';
import type { MetricTotals } from '../core/row-metrics.js';
import type { TaskConfig, TaskGates } from '../config/types.js';
import { formatCommandLine } from '../process/format-command-line.js';
import { runProcess } from '../process/run-process.js';
import { evaluateGates } from './evaluate-gates.js';
import type { TaskOutput } from './task-output.js';

/** Where a check sees the task's figures (only those the task reported). */
export const ROW_VARIABLES = {
  rows_read: 'ETL_CYCLE_ROWS_READ',
  rows_written: 'ETL_CYCLE_ROWS_WRITTEN',
  rows_rejected: 'ETL_CYCLE_ROWS_REJECTED',
} as const;

export interface GateContext {
  task: TaskConfig;
  gates: TaskGates;
  totals: MetricTotals | null;
  metricsFile: string;
  /** The orchestrator's environment with the task's env (expanded) on top. */
  env: Record<string, string>;
  output: TaskOutput;
  timeoutMs: number;
  killGraceMs: number;
  signal: AbortSignal;
}

export type GateVerdict = { accepted: true } | { accepted: false; reason: string } | { aborted: true };

export async function runGates(ctx: GateContext): Promise<GateVerdict> {
  const figures = evaluateGates(ctx.gates, ctx.totals);
  if (figures !== undefined) return { accepted: false, reason: figures };
  const check = ctx.gates.check;
  if (check === undefined) return { accepted: true };
  const rows = Object.fromEntries(
    Object.entries(ROW_VARIABLES).flatMap(([field, name]) =>
      ctx.totals?.[field] === undefined ? [] : [[name, String(ctx.totals[field])]],
    ),
  );
  const shown = `\`${formatCommandLine(check.command)}\``;
  ctx.output.logOnly(`--- etl-cycle: ${ctx.task.id} check ${shown}`);
  const result = await runProcess({
    command: check.command,
    cwd: check.cwd,
    env: { ...ctx.env, ...rows, [TASK_VARIABLES.task]: ctx.task.id, [TASK_VARIABLES.metricsFile]: ctx.metricsFile },
    timeoutMs: ctx.timeoutMs,
    killGraceMs: ctx.killGraceMs,
    signal: ctx.signal,
    maxBufferBytes: 0,
    onLine: (stream, line) => ctx.output.line(stream, line),
  });
  if (result.success) return { accepted: true };
  if (result.aborted) return { aborted: true };
  if (result.timedOut) return { accepted: false, reason: `check ${shown} timed out after ${formatDuration(ctx.timeoutMs)}` };
  if (result.spawnError) return { accepted: false, reason: `check ${shown} could not start: ${result.spawnError}` };
  const how = result.exitCode === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited with code ${result.exitCode}`;
  return { accepted: false, reason: `check ${shown} ${how}` };
}
