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

/**
 * `postgres://user:secret@host/db` → `postgres://user:***@host/db`; also `password=` and
 * `sslpassword=` query parameters. The user part ends at the last `@` before the path or query,
 * so a password holding a raw `@` or `:` is masked whole, never partly.
 */
export function redactUrl(url: string): string {
  return maskUserinfo(url).replace(/([?&](?:ssl)?password=)[^&#]*/gi, '$1***');
}

function maskUserinfo(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!scheme) return url;
  const rest = url.slice(scheme[0].length);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at < 0) return url;
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return url;
  return `${scheme[0]}${userinfo.slice(0, colon)}:***${rest.slice(at)}`;
}
