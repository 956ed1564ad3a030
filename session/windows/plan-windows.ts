/**
 * Which windows an orchestrate run of a windowed workflow processes (docs/data.md): in full
 * mode the oldest gaps first (at most gaps.max_recover), then its own window — the next one
 * after the latest recorded window, the one `--window` names, or, when the agent retries an
 * iteration of the same run, the window that iteration failed. Refusals (overlap, duplicate)
 * are UsageErrors: exit 2, one line.
 */
import { UsageError } from '../../core/errors.js';
import { collision, formatWindow, gapsOf, nextWindow } from '../../history/windows.js';
import type { TimeWindow, WindowMode, WindowRun } from '../../history/windows.js';

export interface PlannedWindow extends TimeWindow {
  mode: WindowMode | 'recovery';
}

export interface WindowPlan {
  windows: PlannedWindow[];
  /** The own window is not complete yet: nothing of its own to run before this time. */
  notComplete?: TimeWindow;
}

export interface WindowPlanInput {
  runs: readonly WindowRun[];
  sizeMs: number;
  mode: WindowMode;
  maxRecover: number;
  now: number;
  /** --window START (epoch ms): this window instead of the next one. */
  explicitStart?: number;
  /** The agent's execution this run belongs to (ETL_CYCLE_EXECUTION_ID). */
  parentExecutionId?: string;
}

export function planWindows(input: WindowPlanInput): WindowPlan {
  const { runs, sizeMs, mode } = input;
  let own: TimeWindow | undefined;
  let notComplete: TimeWindow | undefined;
  const retried = input.parentExecutionId === undefined ? undefined : ownWindowOf(runs, input.parentExecutionId);
  if (input.explicitStart !== undefined) own = { start: input.explicitStart, end: input.explicitStart + sizeMs };
  else if (retried) own = retried;
  else {
    const next = nextWindow(runs, sizeMs, input.now);
    if ('notBefore' in next) notComplete = next.window;
    else own = next.window;
  }
  if (own) {
    const refused = collision(runs, own);
    if (refused) throw new UsageError(refused);
  }
  const gaps =
    mode === 'full'
      ? gapsOf(runs, input.now)
          .filter((gap) => !own || gap.start !== own.start || gap.end !== own.end)
          .slice(0, input.maxRecover)
      : [];
  const windows: PlannedWindow[] = [
    ...gaps.map((gap) => ({ start: gap.start, end: gap.end, mode: 'recovery' as const })),
    ...(own ? [{ ...own, mode }] : []),
  ];
  return { windows, ...(notComplete ? { notComplete } : {}) };
}

/** The agent retrying: the window an earlier iteration of the same run processed and failed. */
function ownWindowOf(runs: readonly WindowRun[], executionId: string): TimeWindow | undefined {
  const mine = runs.filter((run) => run.executionId === executionId && run.mode !== 'recovery').sort((a, b) => a.startedAt - b.startedAt);
  const last = mine.at(-1);
  return last && last.state === 'failed' ? { start: last.start, end: last.end } : undefined;
}

export function describePlannedWindow(window: PlannedWindow): string {
  return `${window.mode === 'recovery' ? 'recover gap' : `${window.mode} window`} ${formatWindow(window)}`;
}
