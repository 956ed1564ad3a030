/**
 * Where the ledger lives: ETL_CYCLE_HISTORY_URL, else history.url (PostgreSQL), else the SQLite
 * file history.path. `display` is what messages show: the path, or the URL with its password
 * replaced by *** (a URL is never printed, logged or stored with its password).
 */
import type { HistorySettings } from '../../config/types.js';

export type HistoryLocation = { flavour: 'sqlite'; path: string; display: string } | { flavour: 'postgres'; url: string; display: string };

export function historyLocation(settings: HistorySettings, env: Readonly<Record<string, string | undefined>>): HistoryLocation {
  const url = env.ETL_CYCLE_HISTORY_URL?.trim() || settings.url;
  if (url) return { flavour: 'postgres', url, display: redactUrl(url) };
  return { flavour: 'sqlite', path: settings.path, display: settings.path };
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; also a `password=` query parameter. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*):[^@/]*@/i, '$1:***@').replace(/([?&]password=)[^&]*/gi, '$1***');
}
