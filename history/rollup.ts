/**
 * What one finished execution adds to the ledger's statistics, as counters per UTC day: its
 * state, its time and iterations to green, the classes of its failed iterations, its task runs
 * and their durations. The store keeps the sums (etl_cycle_rollups, updated in the transaction
 * that records the end), so `stats` adds up a few counters per day instead of reading every run;
 * the same function turns raw rows into counters for the part of a day the rollups cannot split.
 */
import { addTo, durationBucket, exactBucket } from './histogram.js';
import type { Histogram } from './histogram.js';
import type { StatsInput } from './stats.js';
import type { ExecutionState } from './types.js';

export const DAY_MS = 86_400_000;
export const dayOf = (epochMs: number) => Math.floor(epochMs / DAY_MS);

export interface RollupEntry {
  series: string;
  bucket: string;
  n: number;
}

/** The facts of a finished execution its statistics come from. */
export interface FinishedFacts {
  state: ExecutionState;
  iterations: number;
  timeToGreenMs: number | null;
  /** Primary class of each failed iteration. */
  failedClasses: readonly string[];
  tasks: readonly { taskId: string; status: string; durationMs: number | null }[];
}

const FAILED_TASK_STATES = new Set(['failed', 'timed_out']);

export function rollupEntries(facts: FinishedFacts): RollupEntry[] {
  const entries = new Map<string, RollupEntry>();
  const add = (series: string, bucket: string, n = 1) => {
    const key = `${series}\u0000${bucket}`;
    const entry = entries.get(key);
    if (entry) entry.n += n;
    else entries.set(key, { series, bucket, n });
  };
  add(`state:${facts.state}`, 'n');
  if (facts.state === 'success') {
    add('green', 'n');
    if (facts.iterations > 1) add('green', 'retried');
    if (facts.timeToGreenMs !== null) add('green_ms', durationBucket(facts.timeToGreenMs));
    add('green_iterations', exactBucket(facts.iterations));
  }
  const classes = new Map<string, number>();
  for (const c of facts.failedClasses) classes.set(c, (classes.get(c) ?? 0) + 1);
  for (const [c, iterations] of classes) {
    add(`class:${c}`, 'iterations', iterations);
    add(`class:${c}`, 'executions');
  }
  for (const task of facts.tasks) {
    if (task.status === 'skipped') continue;
    add(`task:${task.taskId}`, 'runs');
    if (FAILED_TASK_STATES.has(task.status)) add(`task:${task.taskId}`, 'failures');
    if (task.status === 'succeeded' && task.durationMs !== null) add(`task_ms:${task.taskId}`, durationBucket(task.durationMs));
  }
  return [...entries.values()];
}

/** Summed counters (and the executions still running) → what computeStats reads. */
export function statsInputFromRollups(rows: readonly RollupEntry[], since: number | undefined, running: number): StatsInput {
  const counts: Partial<Record<ExecutionState, number>> = running > 0 ? { running } : {};
  const green = { count: 0, afterRetry: 0, timeToGreen: new Map() as Histogram, iterations: new Map() as Histogram };
  const classes = new Map<string, { class: string; iterations: number; executions: number }>();
  const tasks = new Map<string, { taskId: string; runs: number; failures: number; succeeded: Histogram }>();
  const task = (id: string) => {
    let entry = tasks.get(id);
    if (!entry) tasks.set(id, (entry = { taskId: id, runs: 0, failures: 0, succeeded: new Map() }));
    return entry;
  };
  for (const { series, bucket, n } of rows) {
    const colon = series.indexOf(':');
    const kind = colon < 0 ? series : series.slice(0, colon);
    const name = colon < 0 ? '' : series.slice(colon + 1);
    if (kind === 'state') counts[name as ExecutionState] = (counts[name as ExecutionState] ?? 0) + n;
    else if (kind === 'green') {
      if (bucket === 'n') green.count += n;
      else if (bucket === 'retried') green.afterRetry += n;
    } else if (kind === 'green_ms') addTo(green.timeToGreen, bucket, n);
    else if (kind === 'green_iterations') addTo(green.iterations, bucket, n);
    else if (kind === 'class') {
      const entry = classes.get(name) ?? { class: name, iterations: 0, executions: 0 };
      if (bucket === 'iterations') entry.iterations += n;
      else if (bucket === 'executions') entry.executions += n;
      classes.set(name, entry);
    } else if (kind === 'task') {
      if (bucket === 'runs') task(name).runs += n;
      else if (bucket === 'failures') task(name).failures += n;
    } else if (kind === 'task_ms') addTo(task(name).succeeded, bucket, n);
  }
  return { since, counts, green, failureClasses: [...classes.values()], tasks: [...tasks.values()] };
}
