import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { liveGroupMembersAfter } from './live-processes.js';

// A real Node process runs a child tree through runProcess and then dies while the child
// still runs; afterwards nothing of the child's process group may be left running.
const script = fileURLToPath(new URL('../../fixtures/processes/run-then-die.ts', import.meta.url));

const groups: number[] = [];

function runAndDie(how: 'exit' | 'signal' | 'throw') {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, how], { encoding: 'utf8', timeout: 60_000 });
  const group = Number(/child-group=(\d+)/.exec(run.stdout)?.[1]);
  if (group > 0) groups.push(group);
  return { run, group };
}

// When a test fails, the tree it started is still running: don't leave it behind.
afterEach(() => {
  for (const group of groups.splice(0)) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      /* already gone: the expected case */
    }
  }
});

describe('runProcess: our own process ends while the child runs', () => {
  it('process.exit() kills the child group', async () => {
    const { run, group } = runAndDie('exit');
    expect(run.status).toBe(0);
    expect(group).toBeGreaterThan(0);
    expect(await liveGroupMembersAfter(group)).toEqual([]);
  });

  it('an unhandled SIGTERM kills the child group and still ends us by that signal', async () => {
    const { run, group } = runAndDie('signal');
    expect(run.signal).toBe('SIGTERM');
    expect(group).toBeGreaterThan(0);
    expect(await liveGroupMembersAfter(group)).toEqual([]);
  });

  it('an uncaught exception kills the child group', async () => {
    const { run, group } = runAndDie('throw');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('crash while the child runs');
    expect(group).toBeGreaterThan(0);
    expect(await liveGroupMembersAfter(group)).toEqual([]);
  });
});
