/**
 * Opening the ledger for a command. `run`, `orchestrate` and `down` can do without it: a store
 * that cannot be opened is one warning and the command goes on, unless history.required is
 * true. `history`, `show` and `stats` exist to read it, so there it is an error.
 */
import type { EtlCycleConfig } from '../config/types.js';
import { HistoryStoreError } from '../core/errors.js';
import { historyLocation } from '../history/store/location.js';
import type { HistoryLocation } from '../history/store/location.js';
import { openHistoryStore } from '../history/store/open-store.js';
import type { HistoryStore } from '../history/store/history-store.js';

export function ledgerLocation(config: EtlCycleConfig, env: NodeJS.ProcessEnv = process.env): HistoryLocation {
  return historyLocation(config.history, env);
}

/**
 * For the commands the ledger serves; undefined when history is off or unusable (after a
 * warning). `required`: history.required applies (to `run`; `down` cleans up whatever the ledger's state).
 */
export async function openLedgerIfUsable(
  config: EtlCycleConfig,
  warn: (message: string) => void,
  { required }: { required: boolean },
): Promise<HistoryStore | undefined> {
  if (!config.history.enabled) return undefined;
  try {
    return await openHistoryStore(ledgerLocation(config));
  } catch (error) {
    if ((required && config.history.required) || !(error instanceof HistoryStoreError)) throw error;
    warn(`${error.message}; carrying on without history (history.required: false)${error.hint ? `; to fix: ${error.hint}` : ''}`);
    return undefined;
  }
}

/** For the commands that read the ledger: an unusable store is their error. */
export async function openLedgerForReading(config: EtlCycleConfig): Promise<HistoryStore> {
  if (!config.history.enabled) {
    throw new HistoryStoreError(config.history.path, 'history is switched off for this project (history.enabled: false)', {
      hint: 'set history.enabled: true in etl-cycle.yaml; runs are recorded from then on',
    });
  }
  return openHistoryStore(ledgerLocation(config));
}
