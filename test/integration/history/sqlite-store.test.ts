/**
 * The history store on a real SQLite file (libsql), plus what only a file can do wrong: damaged,
 * held locked by another program, in a folder that cannot be written.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryStoreError } from '../../../core/errors.js';
import type { HistoryStore } from '../../../history/store/history-store.js';
import { openHistoryStore } from '../../../history/store/open-store.js';
import { describeStore, start } from './store-suite.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function freshPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'etl-cycle-history-'));
  dirs.push(dir);
  return join(dir, '.etl-cycle', 'history.db');
}

const openAt = (path: string) => openHistoryStore({ flavour: 'sqlite', path, display: path });

describeStore('a SQLite file', {
  open: async () => openAt(await freshPath()),
  reopen: (store) => openAt(store.display),
  exec: async (store, sql) => {
    const { default: Database } = await import('libsql');
    const db = new Database(store.display);
    db.exec(sql);
    db.close();
  },
});

describe('history store on a SQLite file: faults', () => {
  it('creates its folder and file on first use, in WAL mode', async () => {
    const path = await freshPath();
    const store = await openAt(path);
    await store.startExecution(start('shop'));
    await store.close();
    const header = await readFile(path);
    expect(header.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
    // Byte 18/19: file format versions 2 = WAL.
    expect(header[18]).toBe(2);
  });

  it('a damaged file: one line naming it and what to do; the file is left as it was', async () => {
    const path = await freshPath();
    await openAt(path).then((s) => s.close());
    const garbage = Buffer.alloc(8192, 0x5a);
    await writeFile(path, garbage);
    await rm(`${path}-wal`, { force: true });
    await rm(`${path}-shm`, { force: true });
    const error = (await openAt(path).then(
      () => undefined,
      (e: unknown) => e,
    )) as HistoryStoreError;
    expect(error).toBeInstanceOf(HistoryStoreError);
    expect(error.message).toBe(
      `history store ${path}: cannot open it: the file is damaged or not an SQLite database (file is not a database)`,
    );
    expect(error.hint).toMatch(/move the file aside/);
    expect(await readFile(path)).toEqual(garbage);
  });

  it('a file another program holds locked: the write fails after the busy timeout, naming the store', async () => {
    const path = await freshPath();
    const store: HistoryStore = await openAt(path);
    // Another process holds a write transaction open, as a database browser left mid-edit does.
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import Database from 'libsql'; const db = new Database(${JSON.stringify(path)}); db.exec('BEGIN IMMEDIATE'); db.exec("insert into etl_cycle_migration (name, timestamp) values ('x', 'y')"); console.log('locked'); setTimeout(() => {}, 60000);`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
        holder.once('exit', (code) => reject(new Error(`lock holder exited ${code}`)));
      });
      const error = (await store.startExecution(start('shop')).then(
        () => undefined,
        (e: unknown) => e,
      )) as HistoryStoreError;
      expect(error).toBeInstanceOf(HistoryStoreError);
      expect(error.message).toMatch(
        new RegExp(
          `^history store ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot record the start of execution \\S+: another program holds the file locked \\(database is locked\\)$`,
        ),
      );
    } finally {
      holder.kill('SIGKILL');
      await store.close();
    }
  });

  it('a folder that cannot be written: one line', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere; nothing to test
    const path = await freshPath();
    const dir = join(path, '..', '..');
    await chmod(dir, 0o500);
    try {
      await expect(openAt(path)).rejects.toThrow(HistoryStoreError);
    } finally {
      await chmod(dir, 0o700);
    }
  });
});
