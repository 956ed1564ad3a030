/**
 * Turns whatever the driver threw into one line a user can act on, naming the store: a damaged
 * file, a file another program holds locked, a full disk, a folder we cannot write, a server
 * that does not answer or refuses us. The run decides what a failure costs (history.required).
 */
import { errorMessage, HistoryStoreError } from '../../core/errors.js';
import type { HistoryLocation } from './location.js';

interface DriverError {
  code?: unknown;
  message?: unknown;
}

export function toStoreError(location: HistoryLocation, error: unknown, doing: string): HistoryStoreError {
  if (error instanceof HistoryStoreError) return error;
  const store = location.display;
  const code = typeof (error as DriverError | undefined)?.code === 'string' ? ((error as DriverError).code as string) : '';
  const detail = errorMessage(error)
    .split('\n')[0]!
    .replace(location.flavour === 'postgres' ? location.url : '\u0000', store);
  const fail = (what: string, hint: string) =>
    new HistoryStoreError(store, `history store ${store}: ${what} (${detail})`, { cause: error, hint });
  if (location.flavour === 'sqlite') {
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
      return fail(
        `cannot ${doing}: the file is damaged or not an SQLite database`,
        'move the file aside together with its -wal and -shm files (etl-cycle then starts a new one; nothing in them is deleted) or set history.path to another file',
      );
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
      return fail(
        `cannot ${doing}: another program holds the file locked`,
        'close the program that has it open (a database browser?) and retry',
      );
    if (code === 'SQLITE_FULL')
      return fail(`cannot ${doing}: the disk is full`, 'free some space, or set history.path to a file on another disk');
    if (
      code === 'SQLITE_READONLY' ||
      code === 'SQLITE_CANTOPEN' ||
      code === 'SQLITE_PERM' ||
      code === 'EACCES' ||
      code === 'EROFS' ||
      /ConnectionFailed/.test(detail)
    )
      return fail(
        `cannot ${doing}: the file cannot be opened for writing`,
        'make its folder writable, or set history.path to a writable place',
      );
    if (code === 'ERR_MODULE_NOT_FOUND' || /libsql|\.node\b/.test(detail))
      return fail(
        `cannot ${doing}: the SQLite driver (libsql) has no working binary for ${process.platform}-${process.arch}`,
        'reinstall etl-cycle on this machine, keep the history in PostgreSQL (history.url), or set history.enabled: false',
      );
    return fail(`cannot ${doing}`, 'check the file and its folder, or set history.path to another file');
  }
  if (
    ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code) ||
    /timeout/i.test(detail)
  )
    return fail(
      `cannot ${doing}: the server does not answer`,
      'start PostgreSQL, or fix history.url / ETL_CYCLE_HISTORY_URL (unset both to keep the history in a local file)',
    );
  if (code === '28P01' || code === '28000')
    return fail(`cannot ${doing}: the server refused the credentials`, 'fix the user or password in the URL');
  if (code === '3D000')
    return fail(`cannot ${doing}: the database does not exist`, 'create it (createdb) or name an existing one in the URL');
  if (code === '42501') return fail(`cannot ${doing}: permission denied`, "grant the URL's user CREATE and write rights on the database");
  if (code === '53100') return fail(`cannot ${doing}: the server's disk is full`, 'free space on the PostgreSQL server');
  return fail(`cannot ${doing}`, 'check the server and history.url / ETL_CYCLE_HISTORY_URL');
}

/** The store has a schema newer than this etl-cycle knows: writing to it could damage what a newer version wrote. */
export function newerSchemaError(location: HistoryLocation, known: number, found: readonly string[]): HistoryStoreError {
  return new HistoryStoreError(
    location.display,
    `history store ${location.display} was written by a newer etl-cycle (schema migrations ${found.join(', ')} are unknown to this version, which knows ${known})`,
    { hint: 'upgrade etl-cycle, or set history.path (or history.url) to another store' },
  );
}
