import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../../core/logger.js';
import { snapshotRepository } from '../../../git/snapshot.js';
import type { SnapshotOptions } from '../../../git/types.js';
import { commitAll, git, initRepo, isolateGitConfig, tempFolder, write } from './repo-helpers.js';

let folder: ReturnType<typeof tempFolder>;
let restoreConfig: () => void;
beforeAll(() => {
  folder = tempFolder('etl-cycle-git-outcomes-');
  restoreConfig = isolateGitConfig(folder.path, { name: 'Dana User', email: 'dana@example.com' });
});
afterAll(() => {
  restoreConfig();
  folder.cleanup();
});

const options = (cwd: string, overrides: Partial<SnapshotOptions> = {}): SnapshotOptions => ({
  cwd,
  mode: 'ref',
  executionId: '20261122_043533_k3f9',
  iteration: 1,
  ci: false,
  ...overrides,
});

describe('snapshotRepository outcomes that are not a snapshot', () => {
  it('mode off: skipped without running git', async () => {
    const result = await snapshotRepository(options(join(folder.path, 'does-not-even-exist'), { mode: 'off' }), silentLogger());
    expect(result).toMatchObject({ status: 'skipped', message: 'git mode is off' });
  });

  it('outside any repository: not_a_repository', async () => {
    const plain = join(folder.path, 'plain');
    write(plain, 'file.txt', 'x\n');
    for (const mode of ['ref', 'commit', 'push'] as const) {
      const result = await snapshotRepository(options(plain, { mode }), silentLogger());
      expect(result).toMatchObject({ status: 'not_a_repository', message: `${plain} is not inside a git work tree` });
    }
  });

  it('a bare repository or a .git folder: not_a_repository', async () => {
    const bare = join(folder.path, 'bare.git');
    git(folder.path, 'init', '-q', '--bare', bare);
    const bareResult = await snapshotRepository(options(bare), silentLogger());
    expect(bareResult.status).toBe('not_a_repository');
    const repo = initRepo(join(folder.path, 'normal'));
    write(repo, 'a', 'a\n');
    commitAll(repo, 'a');
    const insideGitDir = await snapshotRepository(options(join(repo, '.git')), silentLogger());
    expect(insideGitDir.status).toBe('not_a_repository');
  });

  it('a missing folder: failed, naming it', async () => {
    const missing = join(folder.path, 'missing');
    const result = await snapshotRepository(options(missing), silentLogger());
    expect(result).toMatchObject({ status: 'failed', message: `${missing} is not an existing directory` });
  });

  it('git not installed: failed with a plain message, never a throw', async () => {
    const repo = initRepo(join(folder.path, 'no-git'));
    const path = process.env.PATH;
    process.env.PATH = join(folder.path, 'empty-bin');
    try {
      const result = await snapshotRepository(options(repo), silentLogger());
      expect(result).toMatchObject({ status: 'failed', message: 'git is not installed or not on PATH (spawn git ENOENT)' });
    } finally {
      process.env.PATH = path;
    }
  });

  it("a broken branch ref: failed with git's own message", async () => {
    const repo = initRepo(join(folder.path, 'corrupt'));
    write(repo, 'a', 'a\n');
    commitAll(repo, 'a');
    write(repo, '.git/refs/heads/main', 'not-a-sha\n');
    const result = await snapshotRepository(options(repo), silentLogger());
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/^fatal: .*HEAD/);
  });

  it('logs what it does at debug level', async () => {
    const repo = initRepo(join(folder.path, 'logged'));
    write(repo, 'a', 'a\n');
    const lines: string[] = [];
    const logger = createLogger({ consoleLevel: 'debug', consoleWrite: (line) => lines.push(line) });
    const result = await snapshotRepository(options(repo), logger);
    expect(result.status).toBe('recorded');
    expect(
      lines.some((line) => line.startsWith('debug: git snapshot done') && line.includes('status=recorded') && line.includes(result.sha!)),
    ).toBe(true);
  });
});
