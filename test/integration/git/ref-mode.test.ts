import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import { snapshotRepository } from '../../../git/snapshot.js';
import type { SnapshotOptions } from '../../../git/types.js';
import {
  commitAll,
  fileAt,
  fingerprint,
  git,
  gitStatus,
  initRepo,
  isolateGitConfig,
  tempFolder,
  treePaths,
  write,
} from './repo-helpers.js';

const logger = silentLogger();
const EXECUTION = '20261122_043533_k3f9';
let folder: ReturnType<typeof tempFolder>;
let restoreConfig: () => void;

beforeAll(() => {
  folder = tempFolder('etl-cycle-git-ref-');
  restoreConfig = isolateGitConfig(folder.path, { name: 'Dana User', email: 'dana@example.com' });
});
afterAll(() => {
  restoreConfig();
  folder.cleanup();
});

let repo: string;
let counter = 0;
beforeEach(() => {
  counter += 1;
  repo = join(folder.path, `repo-${counter}`);
});
afterEach(() => {
  rmSync(repo, { recursive: true, force: true });
});

const snapshot = (overrides: Partial<SnapshotOptions> = {}) =>
  // These tests record everything a snapshot can: untracked files included (untracked.test.ts covers the default, exclude).
  snapshotRepository(
    { cwd: repo, mode: 'ref', executionId: EXECUTION, iteration: 1, ci: false, untracked: 'include', ...overrides },
    logger,
  );

/** A repository with history, a stash, staged + unstaged + untracked + ignored changes, a deletion. */
function busyRepository(): string {
  initRepo(repo);
  write(repo, '.gitignore', '*.log\nignored-dir/\n');
  write(repo, 'a.txt', 'a v1\n');
  write(repo, 'b.txt', 'b v1\n');
  write(repo, 'dir with space/ünïcode file.txt', 'unicode v1\n');
  commitAll(repo, 'first');
  write(repo, 'a.txt', 'a stashed\n');
  git(repo, 'stash', 'push', '-q', '-m', 'work in progress');
  write(repo, 'a.txt', 'a staged\n');
  git(repo, 'add', 'a.txt');
  write(repo, 'a.txt', 'a staged then edited\n');
  write(repo, 'new.txt', 'untracked\n');
  write(repo, 'nested/dir/space é.txt', 'untracked unicode\n');
  write(repo, 'debug.log', 'ignored\n');
  write(repo, 'ignored-dir/x.txt', 'ignored\n');
  rmSync(join(repo, 'b.txt'));
  return repo;
}

describe('snapshotRepository, ref mode', () => {
  it('records the working tree on a side ref and leaves everything of the user untouched', async () => {
    busyRepository();
    const head = git(repo, 'rev-parse', 'HEAD').trim();
    const before = fingerprint(repo);

    const result = await snapshot();

    expect(fingerprint(repo)).toEqual(before);
    expect(result.status).toBe('recorded');
    expect(result.ref).toBe(`refs/etl-cycle/${EXECUTION}/1`);
    expect(result.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(git(repo, 'rev-parse', result.ref!).trim()).toBe(result.sha);
    expect(git(repo, 'rev-parse', `${result.sha}^`).trim()).toBe(head);

    const paths = treePaths(repo, result.sha!);
    expect(paths).toEqual(
      expect.arrayContaining(['.gitignore', 'a.txt', 'new.txt', 'nested/dir/space é.txt', 'dir with space/ünïcode file.txt']),
    );
    expect(paths).not.toContain('b.txt');
    expect(paths).not.toContain('debug.log');
    expect(paths.some((path) => path.startsWith('ignored-dir/'))).toBe(false);
    // The working-tree version, not the staged one.
    expect(fileAt(repo, result.sha!, 'a.txt')).toBe('a staged then edited\n');
    const body = git(repo, 'log', '-1', '--format=%B', result.sha!);
    expect(body).toContain(`Etl-Cycle-Execution: ${EXECUTION}`);
    expect(body).toContain('Etl-Cycle-Iteration: 1');
    expect(git(repo, 'log', '-1', '--format=%an <%ae>', result.sha!).trim()).toBe('Dana User <dana@example.com>');
  });

  it('two iterations give two refs, each with its own state', async () => {
    busyRepository();
    const first = await snapshot({ iteration: 1 });
    write(repo, 'new.txt', 'changed between iterations\n');
    const second = await snapshot({ iteration: 2 });
    expect(first.status).toBe('recorded');
    expect(second.status).toBe('recorded');
    expect(second.sha).not.toBe(first.sha);
    const refs = git(repo, 'for-each-ref', '--format=%(refname) %(objectname)', `refs/etl-cycle/${EXECUTION}`).trim().split('\n');
    expect(refs).toEqual([`refs/etl-cycle/${EXECUTION}/1 ${first.sha}`, `refs/etl-cycle/${EXECUTION}/2 ${second.sha}`]);
    expect(fileAt(repo, first.sha!, 'new.txt')).toBe('untracked\n');
    expect(fileAt(repo, second.sha!, 'new.txt')).toBe('changed between iterations\n');
  });

  it('a clean work tree: the ref points at HEAD itself and the status is unchanged', async () => {
    initRepo(repo);
    write(repo, 'a.txt', 'a\n');
    const head = commitAll(repo, 'only');
    write(repo, 'x.log', 'ignored files do not count\n');
    write(repo, '.git/info/exclude', '*.log\n');
    const result = await snapshot();
    expect(result).toMatchObject({ status: 'unchanged', sha: head, ref: `refs/etl-cycle/${EXECUTION}/1` });
    expect(git(repo, 'rev-parse', result.ref!).trim()).toBe(head);
  });

  it('a custom ref prefix and message', async () => {
    busyRepository();
    const result = await snapshot({ refPrefix: 'refs/ci-snapshots/', message: 'nightly run', iteration: 7 });
    expect(result.ref).toBe(`refs/ci-snapshots/${EXECUTION}/7`);
    expect(git(repo, 'log', '-1', '--format=%s', result.sha!).trim()).toBe('nightly run');
  });

  it('an unborn branch: a parentless commit, HEAD stays unborn and no index appears', async () => {
    initRepo(repo);
    write(repo, 'first file.txt', 'hello\n');
    const before = fingerprint(repo);
    const result = await snapshot();
    expect(result.message).toBeUndefined();
    expect(fingerprint(repo)).toEqual(before);
    expect(existsSync(join(repo, '.git', 'index'))).toBe(false);
    expect(result.status).toBe('recorded');
    expect(git(repo, 'rev-list', '--parents', '-n', '1', result.sha!).trim()).toBe(result.sha);
    expect(treePaths(repo, result.sha!)).toEqual(['first file.txt']);
    expect(gitStatus(repo, 'rev-parse', '-q', '--verify', 'HEAD').status).not.toBe(0);
  });

  it('started from a subfolder: snapshots the whole work tree', async () => {
    busyRepository();
    const result = await snapshot({ cwd: join(repo, 'nested', 'dir') });
    expect(result.status).toBe('recorded');
    expect(treePaths(repo, result.sha!)).toEqual(expect.arrayContaining(['a.txt', 'new.txt', 'dir with space/ünïcode file.txt']));
  });

  it('in the middle of a conflicted merge: records the files as they are and touches nothing', async () => {
    initRepo(repo);
    write(repo, 'shared.txt', 'base\n');
    commitAll(repo, 'base');
    git(repo, 'checkout', '-q', '-b', 'other');
    write(repo, 'shared.txt', 'theirs\n');
    commitAll(repo, 'theirs');
    git(repo, 'checkout', '-q', 'main');
    write(repo, 'shared.txt', 'ours\n');
    commitAll(repo, 'ours');
    expect(gitStatus(repo, 'merge', '-q', 'other').status).not.toBe(0);
    expect(existsSync(join(repo, '.git', 'MERGE_HEAD'))).toBe(true);
    const before = fingerprint(repo);

    const result = await snapshot();

    expect(fingerprint(repo)).toEqual(before);
    expect(result.status).toBe('recorded');
    expect(fileAt(repo, result.sha!, 'shared.txt')).toContain('<<<<<<<');
    expect(git(repo, 'ls-files', '--unmerged')).not.toBe('');
  });

  it('a large untracked file is recorded', async () => {
    initRepo(repo);
    write(repo, 'README', 'r\n');
    commitAll(repo, 'start');
    write(repo, 'data/dump.bin', randomBytes(24 * 1024 * 1024));
    const before = fingerprint(repo);
    const result = await snapshot();
    expect(fingerprint(repo)).toEqual(before);
    expect(result.status).toBe('recorded');
    const entry = git(repo, 'ls-tree', '-l', result.sha!, 'data/dump.bin');
    expect(entry).toContain(String(24 * 1024 * 1024));
  });

  it('submodules: the superproject records the submodule commit; inside it, the submodule is the repository', async () => {
    const library = initRepo(join(repo, '..', `library-${counter}`));
    write(library, 'lib.txt', 'lib v1\n');
    commitAll(library, 'lib');
    initRepo(repo);
    write(repo, 'app.txt', 'app\n');
    commitAll(repo, 'app');
    git(repo, 'submodule', 'add', '-q', library, 'vendor/lib');
    commitAll(repo, 'add submodule');
    write(repo, 'vendor/lib/lib.txt', 'lib edited inside the submodule\n');
    write(repo, 'vendor/lib/untracked-in-sub.txt', 'x\n');
    write(repo, 'app.txt', 'app edited\n');
    const submodule = join(repo, 'vendor', 'lib');
    const superBefore = fingerprint(repo);
    const subBefore = fingerprint(submodule);
    const subHead = git(submodule, 'rev-parse', 'HEAD').trim();

    const outer = await snapshot();

    expect(fingerprint(repo)).toEqual(superBefore);
    expect(fingerprint(submodule)).toEqual(subBefore);
    expect(outer.status).toBe('recorded');
    expect(git(repo, 'ls-tree', outer.sha!, 'vendor/lib').trim()).toBe(`160000 commit ${subHead}\tvendor/lib`);
    expect(fileAt(repo, outer.sha!, 'app.txt')).toBe('app edited\n');

    const inner = await snapshot({ cwd: submodule });
    expect(inner.status).toBe('recorded');
    expect(fingerprint(submodule)).toEqual(subBefore);
    expect(git(submodule, 'rev-parse', inner.ref!).trim()).toBe(inner.sha);
    expect(treePaths(submodule, inner.sha!)).toEqual(expect.arrayContaining(['lib.txt', 'untracked-in-sub.txt']));
    // Same ref name, separate repositories: the superproject's ref still holds its own snapshot.
    expect(git(repo, 'rev-parse', inner.ref!).trim()).toBe(outer.sha);
    rmSync(library, { recursive: true, force: true });
  });

  it('writes no git config, also when it has to supply the identity', async () => {
    busyRepository();
    const restore = isolateGitConfig(folder.path, undefined);
    try {
      const config = readFileSync(join(repo, '.git', 'config'), 'utf8');
      const result = await snapshot();
      expect(result.message).toBeUndefined();
      expect(result.status).toBe('recorded');
      expect(git(repo, 'log', '-1', '--format=%an <%ae>|%cn <%ce>', result.sha!).trim()).toBe(
        'etl-cycle <etl-cycle@localhost>|etl-cycle <etl-cycle@localhost>',
      );
      expect(readFileSync(join(repo, '.git', 'config'), 'utf8')).toBe(config);
      expect(readFileSync(process.env.GIT_CONFIG_GLOBAL!, 'utf8')).not.toContain('etl-cycle');
    } finally {
      restore();
    }
  });

  it('an invalid ref prefix fails with a message naming it', async () => {
    busyRepository();
    const result = await snapshot({ refPrefix: 'etl-cycle' });
    expect(result.status).toBe('failed');
    expect(result.message).toBe('git ref prefix "etl-cycle" is not a valid ref namespace: use refs/<name>, e.g. refs/etl-cycle');
  });
});
