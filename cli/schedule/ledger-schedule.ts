/**
 * The ledger's side of the scheduler (schedule/scheduler.ts): the last scheduled run for
 * catch-up, and every tick recorded — started, caught up, or skipped because a run was going on.
 * `serve --schedule` passes these to startScheduler; see docs/alerts.md "Scheduling".
 */
import type { HistoryStore, ScheduleTickOutcome } from '../../history/store/history-store.js';
import type { ScheduleTick } from '../../schedule/scheduler.js';

export interface ScheduleLedgerHooks {
  lastTickAt: () => Promise<number | undefined>;
  /** Records a tick; a store that fails is the caller's warning (the schedule goes on). */
  recordTick: (tick: ScheduleTick, outcome: ScheduleTickOutcome, detail?: { executionId?: string; reason?: string }) => Promise<void>;
}

export function scheduleLedgerHooks(store: HistoryStore, project: string): ScheduleLedgerHooks {
  return {
    lastTickAt: () => store.lastScheduledRun(project),
    recordTick: (tick, outcome, detail = {}) =>
      store.recordScheduleTick({
        project,
        scheduledAt: tick.scheduledAt.getTime(),
        firedAt: tick.firedAt.getTime(),
        outcome,
        executionId: detail.executionId ?? null,
        reason: detail.reason ?? null,
      }),
  };
}
