/**
 * The project lock between real processes: a live holder is reported, a SIGKILLed one is taken
 * over, and of many processes racing for it exactly one wins — with no lock and with a stale one.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireProjectLock, LOCK_FILE, readLockHolder, STALE_MS } from '../../../history/lock/project-lock.js';

const script = fileURLToPath(new URL('../../fixtures/processes/hold-lock.ts', import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'etl-cycle-lock-'));
  dirs.push(dir);
  return join(dir, '.etl-cycle');
}

interface Outcome {
  kind: 'acquired' | 'held';
  pid: number;
  holder: number | null;
  tookOverFrom: number | null;
}

function holdLock(dir: string, executionId = '20260101_000000_test'): Promise<{ child: ChildProcess; outcome: Outcome }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, dir, executionId], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ child, outcome: JSON.parse(line!) as Outcome });
    });
    child.once('exit', (code) => reject(new Error(`hold-lock exited ${code} before answering`)));
  });
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('project lock', () => {
  it('a live holder in another process is named; once it is SIGKILLed, its lock is taken over', async () => {
    const dir = await stateDir();
    const first = await holdLock(dir);
    expect(first.outcome.kind).toBe('acquired');

    const refused = await acquireProjectLock({ stateDir: dir, command: 'run', executionId: 'x', version: 'test' });
    expect(refused).toMatchObject({
      kind: 'held',
      holder: { pid: first.child.pid, host: hostname(), command: 'run', executionId: '20260101_000000_test' },
    });

    await killed(first.child);
    expect((await readLockHolder(dir))?.alive).toBe(false);
    const taken = await acquireProjectLock({ stateDir: dir, command: 'down', executionId: null, version: 'test' });
    expect(taken.kind).toBe('acquired');
    if (taken.kind !== 'acquired') return;
    expect(taken.tookOverFrom?.holder.pid).toBe(first.child.pid);
    await taken.lock.release();
    expect(await readLockHolder(dir)).toBeUndefined();
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });

  it('of six processes racing for a free lock, exactly one gets it', async () => {
    const dir = await stateDir();
    const outcomes = (await Promise.all(Array.from({ length: 6 }, () => holdLock(dir)))).map((r) => r.outcome);
    const winners = outcomes.filter((o) => o.kind === 'acquired');
    expect(winners).toHaveLength(1);
    for (const loser of outcomes.filter((o) => o.kind === 'held')) expect(loser.holder).toBe(winners[0]!.pid);
  });

  it('of six processes racing for a dead holder’s lock, exactly one takes it over', async () => {
    const dir = await stateDir();
    const dead = await holdLock(dir);
    await killed(dead.child);
    const outcomes = (await Promise.all(Array.from({ length: 6 }, () => holdLock(dir)))).map((r) => r.outcome);
    const winners = outcomes.filter((o) => o.kind === 'acquired');
    expect(winners).toHaveLength(1);
    expect(winners[0]!.tookOverFrom).toBe(dead.child.pid);
  });

  it('a holder on another machine is alive while its heartbeat is fresh, stale after that', async () => {
    const dir = await stateDir();
    await acquireProjectLock({ stateDir: dir, command: 'run', executionId: null, version: 'test' }).then(async (o) => {
      if (o.kind === 'acquired') await o.lock.release();
    });
    const lockFile = join(dir, LOCK_FILE);
    const remote = {
      pid: 1,
      host: 'another-runner',
      bootId: null,
      startTicks: null,
      command: 'run',
      executionId: '20260101_000000_rmte',
      startedAt: '2026-01-01T00:00:00.000Z',
      version: 'x',
      reportFile: null,
      orchestratorPgid: null,
    };
    await writeFile(lockFile, JSON.stringify(remote));
    expect(await acquireProjectLock({ stateDir: dir, command: 'run', executionId: null, version: 'test' })).toMatchObject({
      kind: 'held',
      holder: { host: 'another-runner' },
    });
    const old = new Date(Date.now() - STALE_MS - 5_000);
    await utimes(lockFile, old, old);
    const taken = await acquireProjectLock({ stateDir: dir, command: 'run', executionId: null, version: 'test' });
    expect(taken).toMatchObject({ kind: 'acquired', tookOverFrom: { holder: { host: 'another-runner' } } });
    if (taken.kind === 'acquired') await taken.lock.release();
  });

  it('a holder whose lock was taken over does not remove the new holder’s lock when it releases', async () => {
    const dir = await stateDir();
    const mine = await acquireProjectLock({ stateDir: dir, command: 'run', executionId: null, version: 'test' });
    if (mine.kind !== 'acquired') throw new Error('expected the lock');
    // Someone decided we were dead and took over (simulated by rewriting the file as theirs).
    const theirs = { ...mine.lock.holder, pid: mine.lock.holder.pid + 1, startedAt: '2099-01-01T00:00:00.000Z' };
    await writeFile(join(dir, LOCK_FILE), JSON.stringify(theirs));
    await mine.lock.release();
    expect((await readLockHolder(dir))?.holder.startedAt).toBe('2099-01-01T00:00:00.000Z');
  });
});
