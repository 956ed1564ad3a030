/**
 * What the metrics and the health answer need from the run ledger, read in one go: counts by
 * state, the runs still running, the newest finished and the newest green run, and the
 * histograms the ledger keeps per day (history/rollup.ts). Its cost follows the days in the
 * ledger, not the number of runs, so a scrape of a ledger with 100 000 runs stays cheap.
 */
import type { Histogram } from '../history/histogram.js';
import type { StatsInput } from '../history/stats.js';
import type { ExecutionState, ExecutionSummary, ListQuery } from '../history/types.js';

/** The part of HistoryStore (history/store/history-store.ts) the snapshot reads. */
export interface LedgerReader {
  list(query: ListQuery): Promise<ExecutionSummary[]>;
  running(project: string): Promise<ExecutionSummary[]>;
  statsInput(project: string, since: number | undefined): Promise<StatsInput>;
}

/**
 * How many data gaps the project has. The data-windows work (gaps, `/api/gaps`) is not in the
 * tree yet: until it is, `noGaps` stands in and etl_cycle_gaps reads 0. Wire the real count here.
 */
export type GapCounter = (project: string) => Promise<number>;
export const noGaps: GapCounter = async () => 0;

export interface LedgerSnapshot {
  project: string;
  /** When it was read (epoch ms). */
  takenAt: number;
  byState: Record<ExecutionState, number>;
  running: ExecutionSummary[];
  lastFinished: ExecutionSummary | null;
  lastSuccess: ExecutionSummary | null;
  /** Time to green of green runs (ms, the ledger's log buckets) and their iterations (exact buckets). */
  greenDurationsMs: Histogram;
  greenIterations: Histogram;
  /** Failed iterations by primary class. */
  failuresByClass: { class: string; iterations: number; executions: number }[];
  gaps: number;
  /** Changes whenever the ledger's content did (a reader re-renders only then). */
  revision: string;
}

/** Newest finished runs are looked for among this many newest runs (the ones still running come first). */
const NEWEST = 20;

export async function readLedgerSnapshot(
  store: LedgerReader,
  project: string,
  countGaps: GapCounter = noGaps,
  now = Date.now(),
): Promise<LedgerSnapshot> {
  const [newest, lastSuccess, running, stats, gaps] = await Promise.all([
    store.list({ project, limit: NEWEST }),
    store.list({ project, limit: 1, state: 'success' }),
    store.running(project),
    store.statsInput(project, undefined),
    countGaps(project),
  ]);
  const byState: Record<ExecutionState, number> = { running: 0, success: 0, failed: 0, aborted: 0, interrupted: 0 };
  for (const [state, n] of Object.entries(stats.counts)) byState[state as ExecutionState] += n ?? 0;
  byState.running = running.length;
  return {
    project,
    takenAt: now,
    byState,
    running,
    lastFinished: newest.find((run) => run.state !== 'running') ?? (newest.length < NEWEST ? null : await newestFinished(store, project)),
    lastSuccess: lastSuccess[0] ?? null,
    greenDurationsMs: stats.green.timeToGreen,
    greenIterations: stats.green.iterations,
    failuresByClass: [...stats.failureClasses].sort((a, b) => a.class.localeCompare(b.class)),
    gaps,
    revision: `${fingerprint(newest, gaps)}@${now}`,
  };
}

/** What changes in the newest runs whenever a run starts, records an iteration's end or ends. */
function fingerprint(newest: readonly ExecutionSummary[], gaps: number): string {
  return `${gaps};${newest.map((run) => `${run.id}:${run.state}:${run.iterations}:${run.endedAt ?? ''}`).join(',')}`;
}

/**
 * A snapshot reader for a long-running process: each read first asks the ledger for its newest
 * runs only (an index lookup, well under a millisecond); the full read (the counters, the
 * histograms: tens of milliseconds over 100 000 runs, and SQLite reads block the event loop)
 * happens only when those changed — a run started, went on or ended — or `fullEveryMs` passed
 * (a `history prune` or an import changes old runs only).
 */
export function changeAwareReader(
  store: LedgerReader,
  project: string,
  countGaps: GapCounter = noGaps,
  fullEveryMs = 60_000,
): (now?: number) => Promise<LedgerSnapshot> {
  let last: { snapshot: LedgerSnapshot; fingerprint: string; fullAt: number } | undefined;
  return async (now = Date.now()) => {
    if (last && now - last.fullAt < fullEveryMs) {
      const [newest, gaps] = await Promise.all([store.list({ project, limit: NEWEST }), countGaps(project)]);
      if (fingerprint(newest, gaps) === last.fingerprint) return (last.snapshot = { ...last.snapshot, takenAt: now });
    }
    const snapshot = await readLedgerSnapshot(store, project, countGaps, now);
    last = { snapshot, fingerprint: snapshot.revision.slice(0, snapshot.revision.lastIndexOf('@')), fullAt: now };
    return snapshot;
  };
}

/** Rare: more than NEWEST runs left running; look per finished state instead. */
async function newestFinished(store: LedgerReader, project: string): Promise<ExecutionSummary | null> {
  const states: ExecutionState[] = ['success', 'failed', 'aborted', 'interrupted'];
  const candidates = (await Promise.all(states.map((state) => store.list({ project, limit: 1, state })))).flat();
  return candidates.sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))[0] ?? null;
}
