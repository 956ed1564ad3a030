/**
 * The lock is per folder and per project name on the machine: a second checkout of the same
 * project (a git worktree, another runner workspace) shares its containers, so it must be kept
 * off while the first works, and may start once the first is done.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import { openProject } from '../../../project/open-project.js';
import { beginProjectSession } from '../../../session/project-session.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function checkout(name: string) {
  const dir = await mkdtemp(join(tmpdir(), 'etl-cycle-machine-lock-'));
  dirs.push(dir);
  await writeFile(join(dir, 'etl-cycle.yaml'), `project: ${name}\ncompose: false\norchestrator:\n  command: [echo]\n`);
  return openProject({ cwd: dir, onWarning: () => undefined });
}

describe('the machine-wide project lock', () => {
  it('a second folder of the same project is refused while the first holds it, and gets it after', async () => {
    const name = `machine-lock-${process.pid}-${Date.now()}`;
    const [a, b] = [await checkout(name), await checkout(name)];
    const session = { command: 'run' as const, openStore: false, warn: () => undefined, logger: silentLogger() };
    const first = await beginProjectSession({ ...session, project: a, executionId: 'exec-a' });
    try {
      const refused = await beginProjectSession({ ...session, project: b, executionId: 'exec-b' }).catch((e: unknown) => e);
      expect((refused as { code?: string }).code).toBe('E_LOCKED');
      expect((refused as Error).message).toMatch(
        new RegExp(`^project ${name} is in use by run exec-a \\(pid ${process.pid} .+ in another folder`),
      );
      // Another project in the same folder layout is not affected.
      const other = await beginProjectSession({ ...session, project: await checkout(`${name}-other`), executionId: 'exec-c' });
      await other.release();
    } finally {
      await first.release();
    }
    const second = await beginProjectSession({ ...session, project: b, executionId: 'exec-b' });
    await second.release();
  });
});
