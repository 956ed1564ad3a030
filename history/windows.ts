/**
 * Time windows of a workflow (docs/data.md): which window a run processes, which recorded
 * windows are gaps, and which new window would collide with a recorded one. Pure: the store
 * reads and writes the rows (store/window-rows.ts), the orchestrate command decides with these.
 *
 * Windows are aligned to multiples of their size since the epoch (UTC), so two machines, or a
 * rerun, compute the same boundaries. A window whose runs all failed is a gap; a later
 * successful run of the same window recovers it. Windows never overlap: the same window again
 * is a recovery when it is a gap, a duplicate otherwise (refused), and a window cutting across a
 * recorded one is refused.
 */

export const WINDOW_MODES = ['incremental', 'full'] as const;
export type WindowMode = (typeof WINDOW_MODES)[number];

/** One run of a window, as the ledger keeps it. */
export interface WindowRun {
  id: string;
  project: string;
  workflow: string;
  start: number;
  end: number;
  /** incremental | full | recovery */
  mode: string;
  state: 'running' | 'succeeded' | 'failed';
  executionId: string | null;
  failureClass: string | null;
  error: string | null;
  startedAt: number;
  endedAt: number | null;
}

export interface TimeWindow {
  start: number;
  end: number;
}

/** A failed window nobody recovered yet. */
export interface Gap extends TimeWindow {
  workflow: string;
  /** When its last run failed (epoch ms) and how long ago that was. */
  failedAt: number;
  ageMs: number;
  failureClass: string | null;
  error: string | null;
  /** Runs of it so far, all failed. */
  attempts: number;
}

const key = (w: TimeWindow) => `${w.start}-${w.end}`;

/** The failed windows without a success, oldest window first. */
export function gapsOf(runs: readonly WindowRun[], now: number): Gap[] {
  const byWindow = new Map<string, WindowRun[]>();
  for (const run of runs) {
    const id = `${run.workflow}\u0000${key(run)}`;
    byWindow.set(id, [...(byWindow.get(id) ?? []), run]);
  }
  const gaps: Gap[] = [];
  for (const group of byWindow.values()) {
    if (group.some((run) => run.state !== 'failed')) continue;
    const last = group.reduce((a, b) => ((b.endedAt ?? b.startedAt) > (a.endedAt ?? a.startedAt) ? b : a));
    const failedAt = last.endedAt ?? last.startedAt;
    gaps.push({
      workflow: last.workflow,
      start: last.start,
      end: last.end,
      failedAt,
      ageMs: Math.max(0, now - failedAt),
      failureClass: last.failureClass,
      error: last.error,
      attempts: group.length,
    });
  }
  return gaps.sort((a, b) => a.start - b.start || a.workflow.localeCompare(b.workflow));
}

/**
 * The window runs retention may forget (their ids): whole windows that were loaded (some run
 * succeeded), none still running, every run started before `before`, and not the latest window
 * of their workflow. Gaps are kept whatever their age, since forgetting one would forget data
 * that was never loaded; the latest window stays because the next incremental window follows it.
 */
export function forgettableWindowRuns(runs: readonly WindowRun[], before: number): string[] {
  const latestEnd = new Map<string, number>();
  const byWindow = new Map<string, WindowRun[]>();
  for (const run of runs) {
    latestEnd.set(run.workflow, Math.max(latestEnd.get(run.workflow) ?? -Infinity, run.end));
    const id = `${run.workflow}\u0000${key(run)}`;
    byWindow.set(id, [...(byWindow.get(id) ?? []), run]);
  }
  const ids: string[] = [];
  for (const group of byWindow.values()) {
    const [first] = group as [WindowRun, ...WindowRun[]];
    const forgettable =
      group.some((run) => run.state === 'succeeded') &&
      group.every((run) => run.state !== 'running' && run.startedAt < before) &&
      first.end < latestEnd.get(first.workflow)!;
    if (forgettable) ids.push(...group.map((run) => run.id));
  }
  return ids;
}

/**
 * The window an incremental run processes: the one after the latest recorded window (a failed
 * one stays behind as a gap, so one bad hour never blocks the next), or, on the first run, the
 * last complete window before `now`. undefined when that window is not complete yet.
 */
export function nextWindow(
  runs: readonly WindowRun[],
  sizeMs: number,
  now: number,
): { window: TimeWindow } | { notBefore: number; window: TimeWindow } {
  const latestEnd = runs.reduce<number | undefined>((max, run) => (max === undefined || run.end > max ? run.end : max), undefined);
  const start = latestEnd ?? Math.floor(now / sizeMs) * sizeMs - sizeMs;
  const window = { start, end: start + sizeMs };
  return window.end <= now ? { window } : { notBefore: window.end, window };
}

/** Why `window` must not run now, given what the ledger holds; undefined when it may. */
export function collision(runs: readonly WindowRun[], window: TimeWindow): string | undefined {
  for (const run of runs) {
    const overlaps = run.start < window.end && window.start < run.end;
    if (!overlaps) continue;
    const recorded = `${formatWindow(run)} (run ${run.id}, ${run.state})`;
    if (run.start !== window.start || run.end !== window.end)
      return `window ${formatWindow(window)} overlaps the recorded window ${recorded}; windows must not overlap`;
    if (run.state === 'running') return `window ${formatWindow(window)} is being run right now by ${run.id}`;
    if (run.state === 'succeeded') return `window ${formatWindow(window)} was already loaded by ${run.id}; a duplicate window is refused`;
  }
  return undefined;
}

export function formatWindow(window: TimeWindow): string {
  return `${isoSeconds(window.start)} – ${isoSeconds(window.end)}`;
}

/** ISO 8601 UTC without milliseconds when there are none: 2026-12-03T10:00:00Z. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
