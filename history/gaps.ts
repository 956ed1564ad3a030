/**
 * The gaps of a project (failed windows nobody recovered), for `etl-cycle gaps`, alerts and the
 * server: one call over the store.
 */
import type { HistoryStore } from './store/history-store.js';
import { gapsOf } from './windows.js';
import type { Gap } from './windows.js';

export type { Gap } from './windows.js';

/** Oldest window first; `ageMs` is how long ago its last run failed. */
export async function listGaps(store: HistoryStore, project: string, now: number = Date.now()): Promise<Gap[]> {
  return gapsOf(await store.windowRuns(project), now);
}
