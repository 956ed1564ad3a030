import { chmodSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import { snapshotRepository } from '../../../git/snapshot.js';
import type { SnapshotOptions } from '../../../git/types.js';
import { commitAll, git, gitStatus, initRepo, isolateGitConfig, tempFolder, treePaths, write } from './repo-helpers.js';

const logger = silentLogger();
let folder: ReturnType<typeof tempFolder>;
let restoreConfig: () => void;

beforeAll(() => {
  folder = tempFolder('etl-cycle-git-commit-');
  restoreConfig = isolateGitConfig(folder.path, { name: 'Dana User', email: 'dana@example.com' });
});
afterAll(() => {
  restoreConfig();
  folder.cleanup();
});

let work: string;
let repo: string;
let counter = 0;
beforeEach(() => {
  counter += 1;
  work = join(folder.path, `case-${counter}`);
  repo = join(work, 'repo');
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

const snapshot = (overrides: Partial<SnapshotOptions>) =>
  snapshotRepository(
    {
      cwd: repo,
      mode: 'commit',
      executionId: '20261122_043533_k3f9',
      iteration: 2,
      ci: false,
      message: 'etl-cycle iteration 2',
      untracked: 'include',
      ...overrides,
    },
    logger,
  );

function repoWithHistory(): string {
  initRepo(repo);
  write(repo, '.gitignore', '*.log\n');
  write(repo, 'a.txt', 'a\n');
  return commitAll(repo, 'first');
}

/** A bare repository as `name`, with main pushed and tracked (as after `git push -u`). */
function addBareRemote(name: string, track: boolean): string {
  const bare = join(work, `${name}.git`);
  git(work, 'init', '-q', '--bare', bare);
  git(repo, 'remote', 'add', name, bare);
  git(repo, 'push', '-q', ...(track ? ['-u'] : []), name, 'main');
  return bare;
}

describe('snapshotRepository, commit mode', () => {
  it('commits tracked and untracked changes (not ignored ones) on the current branch', async () => {
    const before = repoWithHistory();
    write(repo, 'a.txt', 'a changed\n');
    write(repo, 'new file é.txt', 'new\n');
    write(repo, 'run.log', 'ignored\n');
    const result = await snapshot({});
    expect(result.status).toBe('committed');
    expect(result.sha).toBe(git(repo, 'rev-parse', 'HEAD').trim());
    expect(git(repo, 'rev-parse', 'HEAD^').trim()).toBe(before);
    expect(git(repo, 'symbolic-ref', '--short', 'HEAD').trim()).toBe('main');
    expect(git(repo, 'log', '-1', '--format=%s|%an').trim()).toBe('etl-cycle iteration 2|Dana User');
    expect(treePaths(repo, 'HEAD')).toEqual(['.gitignore', 'a.txt', 'new file é.txt']);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('no changes: unchanged with HEAD, and no commit', async () => {
    const head = repoWithHistory();
    write(repo, 'only-ignored.log', 'x\n');
    const result = await snapshot({});
    expect(result).toMatchObject({ status: 'unchanged', sha: head });
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(head);
  });

  it('an unborn branch gets its first commit', async () => {
    initRepo(repo);
    write(repo, 'first.txt', '1\n');
    const result = await snapshot({});
    expect(result.status).toBe('committed');
    expect(git(repo, 'rev-list', '--count', 'HEAD').trim()).toBe('1');
  });

  it('detached HEAD: refuses, with a message saying why and what to do', async () => {
    const head = repoWithHistory();
    git(repo, 'checkout', '-q', '--detach');
    write(repo, 'a.txt', 'changed while detached\n');
    const result = await snapshot({});
    expect(result.status).toBe('failed');
    expect(result.message).toBe(
      `HEAD is detached at ${head.slice(0, 12)}: commit mode only commits on a branch; check out a branch, or use git mode "ref"`,
    );
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(head);
    expect(git(repo, 'status', '--porcelain')).toBe(' M a.txt\n');
  });

  it('an unfinished merge: refuses instead of committing conflict markers', async () => {
    repoWithHistory();
    git(repo, 'checkout', '-q', '-b', 'other');
    write(repo, 'a.txt', 'theirs\n');
    commitAll(repo, 'theirs');
    git(repo, 'checkout', '-q', 'main');
    write(repo, 'a.txt', 'ours\n');
    const head = commitAll(repo, 'ours');
    expect(gitStatus(repo, 'merge', '-q', 'other').status).not.toBe(0);
    const result = await snapshot({});
    expect(result.status).toBe('failed');
    expect(result.message).toContain('a merge is in progress');
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(head);
    expect(existsSync(join(repo, '.git', 'MERGE_HEAD'))).toBe(true);
  });

  it("a failing pre-commit hook: failed with the hook's output, nothing committed", async () => {
    const head = repoWithHistory();
    const hook = join(repo, '.git', 'hooks', 'pre-commit');
    write(repo, '.git/hooks/pre-commit', '#!/bin/sh\necho "secret scanner: refusing to commit"\nexit 1\n');
    chmodSync(hook, 0o755);
    write(repo, 'a.txt', 'changed\n');
    const result = await snapshot({});
    expect(result.status).toBe('failed');
    expect(result.message).toBe('secret scanner: refusing to commit');
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(head);
  });
});

describe('snapshotRepository, push mode', () => {
  it('commits and pushes the branch to its upstream', async () => {
    repoWithHistory();
    const origin = addBareRemote('origin', true);
    write(repo, 'a.txt', 'to be pushed\n');
    const result = await snapshot({ mode: 'push' });
    expect(result.status).toBe('pushed');
    expect(result.message).toBe('pushed main to origin (refs/heads/main)');
    expect(git(origin, 'rev-parse', 'refs/heads/main').trim()).toBe(result.sha);
  });

  it('pushes to the remote given in the options, without setting an upstream', async () => {
    repoWithHistory();
    addBareRemote('origin', true);
    const backup = join(work, 'backup.git');
    git(work, 'init', '-q', '--bare', backup);
    git(repo, 'remote', 'add', 'backup', backup);
    const config = git(repo, 'config', '--list', '--local');
    write(repo, 'a.txt', 'to the backup\n');
    const result = await snapshot({ mode: 'push', remote: 'backup' });
    expect(result.status).toBe('pushed');
    expect(git(backup, 'rev-parse', 'refs/heads/main').trim()).toBe(result.sha);
    expect(git(repo, 'config', '--list', '--local')).toBe(config);
  });

  it('in CI: commits but never pushes', async () => {
    repoWithHistory();
    const origin = addBareRemote('origin', true);
    const remoteBefore = git(origin, 'rev-parse', 'refs/heads/main').trim();
    write(repo, 'a.txt', 'not to be pushed\n');
    const result = await snapshot({ mode: 'push', ci: true });
    expect(result).toMatchObject({ status: 'committed', message: 'push skipped: running in CI' });
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(result.sha);
    expect(git(origin, 'rev-parse', 'refs/heads/main').trim()).toBe(remoteBefore);
  });

  it('no remote: failed with a message saying how to add one; the commit stays', async () => {
    repoWithHistory();
    write(repo, 'a.txt', 'nowhere to push\n');
    const result = await snapshot({ mode: 'push' });
    expect(result.status).toBe('failed');
    expect(result.message).toBe(
      `committed ${result.sha!.slice(0, 12)} on main, but the push failed: cannot push: ${repo} has no git remote; add one (git remote add origin <url>) or use git mode "commit"`,
    );
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(result.sha);
  });

  it("a rejected push (remote moved on): failed with git's message", async () => {
    repoWithHistory();
    const origin = addBareRemote('origin', true);
    const other = join(work, 'other-clone');
    git(work, 'clone', '-q', origin, other);
    write(other, 'b.txt', 'someone else\n');
    commitAll(other, 'elsewhere');
    git(other, 'push', '-q', 'origin', 'main');
    write(repo, 'a.txt', 'diverged\n');
    const result = await snapshot({ mode: 'push' });
    expect(result.status).toBe('failed');
    expect(result.message).toContain('but the push failed');
    expect(result.message).toMatch(/rejected|fetch first|non-fast-forward/);
  });

  it('nothing changed: nothing is pushed', async () => {
    const head = repoWithHistory();
    const origin = addBareRemote('origin', true);
    const result = await snapshot({ mode: 'push' });
    expect(result).toMatchObject({ status: 'unchanged', sha: head, message: 'nothing to commit, nothing pushed' });
    expect(git(origin, 'rev-parse', 'refs/heads/main').trim()).toBe(head);
  });
});
