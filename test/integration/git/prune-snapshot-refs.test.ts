import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import { pruneSnapshotRefs } from '../../../git/prune-snapshot-refs.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e' },
  });

describe('pruneSnapshotRefs', () => {
  it("keeps the newest executions' refs and deletes older ones, leaving other refs alone", async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-prune-'));
    git(dir, 'init', '-q', '-b', 'main');
    await writeFile(join(dir, 'a.txt'), 'a');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'a');
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    const executions = ['20261101_000000_aaaa', '20261102_000000_bbbb', '20261103_000000_cccc'];
    for (const e of executions) for (const i of [1, 2]) git(dir, 'update-ref', `refs/etl-cycle/${e}/${i}`, head);
    git(dir, 'update-ref', 'refs/other/keep', head);

    const result = await pruneSnapshotRefs({ cwd: dir, refPrefix: 'refs/etl-cycle', keepExecutions: 2 }, silentLogger());

    expect(result).toEqual({ deleted: 2, kept: 4 });
    const left = git(dir, 'for-each-ref', '--format=%(refname)').trim().split('\n');
    expect(left).toEqual([
      'refs/etl-cycle/20261102_000000_bbbb/1',
      'refs/etl-cycle/20261102_000000_bbbb/2',
      'refs/etl-cycle/20261103_000000_cccc/1',
      'refs/etl-cycle/20261103_000000_cccc/2',
      'refs/heads/main',
      'refs/other/keep',
    ]);
  });

  it('outside a repository does nothing and says why', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-prune-'));
    const result = await pruneSnapshotRefs({ cwd: dir, refPrefix: 'refs/etl-cycle', keepExecutions: 1 }, silentLogger());
    expect(result.deleted).toBe(0);
    expect(result.message).toMatch(/not inside a git work tree/);
  });
});
