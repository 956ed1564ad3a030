/**
 * The run ledger as alerts see it (alerts/types.ts AlertLedger): the previous outcome, the
 * counts of a window, and the record of every delivery attempt.
 */
import type { AlertLedger, PastExecution } from '../alerts/types.js';
import type { HistoryStore } from '../history/store/history-store.js';

/** How far back `previousOutcome` looks past aborted and running executions. */
const LOOK_BACK = 50;

export function alertLedgerOf(store: HistoryStore): AlertLedger {
  return {
    async previousOutcome(project, executionId) {
      const recent = await store.list({ project, limit: LOOK_BACK });
      const previous = recent.find(
        (e) => e.id !== executionId && (e.state === 'success' || e.state === 'failed' || e.state === 'interrupted'),
      );
      return previous
        ? { id: previous.id, state: previous.state as PastExecution['state'], endedAt: previous.endedAt, mainClass: previous.mainClass }
        : undefined;
    },
    async countsSince(project, since) {
      const { counts } = await store.statsInput(project, since);
      return { success: counts.success ?? 0, failed: counts.failed ?? 0, interrupted: counts.interrupted ?? 0 };
    },
    recordDelivery: (attempt) => store.recordAlertDelivery(attempt),
  };
}
