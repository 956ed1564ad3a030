/**
 * The history store on a real PostgreSQL (the locally built image, one container for the file):
 * the shared suite on a fresh schema per test, the advisory project lock across sessions, and a
 * server that does not answer.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStoreError } from '../../../core/errors.js';
import { openHistoryStore } from '../../../history/store/open-store.js';
import { redactUrl } from '../../../history/store/location.js';
import type { HistoryStore } from '../../../history/store/history-store.js';
import { freePort } from '../../../bench/support/free-port.js';
import { startPostgres } from '../../support/postgres.js';
import type { TestPostgres } from '../../support/postgres.js';
import { describeStore } from './store-suite.js';

let server: TestPostgres;
let databases = 0;
beforeAll(async () => {
  server = await startPostgres('history-pg');
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

/** A database of its own per store, so every test starts empty. */
async function freshUrl(): Promise<string> {
  databases += 1;
  const name = `history_${databases}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return server.url.replace(/\/history$/, `/${name}`);
}

const openAt = (url: string) => openHistoryStore({ flavour: 'postgres', url, display: redactUrl(url) });
const urls = new WeakMap<HistoryStore, string>();

describeStore('PostgreSQL', {
  open: async () => {
    const url = await freshUrl();
    const store = await openAt(url);
    urls.set(store, url);
    return store;
  },
  reopen: (store) => openAt(urls.get(store)!),
  exec: async (store, sql) => {
    const client = new pg.Client({ connectionString: urls.get(store)! });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  },
});

describe('history store on PostgreSQL: lock and faults', () => {
  it('the project lock holds across sessions (advisory lock), is per project, and ends with its session', async () => {
    const url = await freshUrl();
    const first = await openAt(url);
    const second = await openAt(url);
    try {
      const lost: Error[] = [];
      const held = await first.tryStoreLock('shop', (e) => lost.push(e));
      expect(held).toBeTypeOf('object');
      expect(await second.tryStoreLock('shop', () => undefined)).toBeUndefined();
      const other = await second.tryStoreLock('warehouse', () => undefined);
      expect(other).toBeTypeOf('object');
      await (held as { release(): Promise<void> }).release();
      const after = await second.tryStoreLock('shop', () => undefined);
      expect(after).toBeTypeOf('object');
      await (after as { release(): Promise<void> }).release();
      await (other as { release(): Promise<void> }).release();
      expect(lost).toEqual([]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('a lock whose session the server ends is reported lost once, and the project is free for another session', async () => {
    const url = await freshUrl();
    const first = await openAt(url);
    const second = await openAt(url);
    try {
      const lost: Error[] = [];
      const held = await first.tryStoreLock('shop', (e) => lost.push(e));
      expect(held).toBeTypeOf('object');
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(
          "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database()) and pid <> pg_backend_pid()",
        );
      } finally {
        await admin.end();
      }
      await expect.poll(() => lost.length, { timeout: 10_000 }).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(lost).toHaveLength(1);
      const taken = await second.tryStoreLock('shop', () => undefined);
      expect(taken).toBeTypeOf('object');
      await (taken as { release(): Promise<void> }).release();
      await (held as { release(): Promise<void> }).release();
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('a server that does not answer: one line with the URL, password hidden', async () => {
    const port = await freePort();
    const url = `postgres://etl:hunter2@127.0.0.1:${port}/history`;
    const error = (await openAt(url).then(
      () => undefined,
      (e: unknown) => e,
    )) as HistoryStoreError;
    expect(error).toBeInstanceOf(HistoryStoreError);
    expect(error.message).toMatch(
      new RegExp(`^history store postgres://etl:\\*\\*\\*@127\\.0\\.0\\.1:${port}/history: cannot open it: the server does not answer`),
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('wrong credentials: one line saying so', async () => {
    const error = (await openAt(server.url.replace(':secret@', ':wrong@')).then(
      () => undefined,
      (e: unknown) => e,
    )) as HistoryStoreError;
    expect(error.message).toMatch(/cannot open it: the server refused the credentials/);
    expect(error.message).not.toContain('wrong');
  });
});
