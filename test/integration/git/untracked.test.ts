/**
 * Untracked files and the snapshot, on real repositories: by default (git.untracked: exclude)
 * only tracked files are recorded; with include, new files are recorded too — but never an
 * ignored file and never a secret-looking one (.env.local, keys, certificates), in ref mode and
 * in commit mode alike, and the user's index, work tree and branch stay as they were in ref mode.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import { snapshotRepository } from '../../../git/snapshot.js';
import type { SnapshotOptions } from '../../../git/types.js';
import { commitAll, fingerprint, git, initRepo, isolateGitConfig, tempFolder, treePaths, write } from './repo-helpers.js';

let folder: ReturnType<typeof tempFolder>;
let restoreConfig: () => void;
let repo: string;
beforeEach(() => {
  folder = tempFolder('etl-cycle-untracked-');
  restoreConfig = isolateGitConfig(folder.path, { name: 'Test', email: 'test@example.com' });
  repo = initRepo(`${folder.path}/repo`);
  write(repo, 'etl.sh', 'echo load\n');
  write(repo, '.gitignore', 'dumps/\n*.log\n');
  commitAll(repo, 'initial');
  write(repo, 'etl.sh', 'echo load --fast\n'); // a tracked change
  write(repo, 'migrations/002_add_orders.sql', 'create table orders();\n');
  write(repo, '.env.local', 'API_TOKEN=ghp_secret\n');
  write(repo, 'config/.env', 'DB_PASSWORD=x\n');
  write(repo, 'certs/server.pem', '-----BEGIN CERTIFICATE-----\n');
  write(repo, 'deploy/id_ed25519', '-----BEGIN OPENSSH PRIVATE KEY-----\n');
  write(repo, 'tls.KEY', 'key\n');
  write(repo, 'dumps/prod.sql', 'insert into users ...\n'); // ignored
  write(repo, 'run.log', 'log\n'); // ignored
});
afterEach(() => {
  restoreConfig();
  folder.cleanup();
});

const SECRET_LOOKING = ['.env.local', 'config/.env', 'certs/server.pem', 'deploy/id_ed25519', 'tls.KEY'];

const snapshot = (overrides: Partial<SnapshotOptions>) =>
  snapshotRepository(
    { cwd: repo, mode: 'ref', executionId: '20261122_043533_k3f9', iteration: 1, ci: false, ...overrides },
    silentLogger(),
  );

describe('untracked files in the snapshot', () => {
  it('by default records tracked files only, and says what it left out', async () => {
    const before = fingerprint(repo);
    const result = await snapshot({});
    expect(result.status).toBe('recorded');
    expect(treePaths(repo, result.sha!).sort()).toEqual(['.gitignore', 'etl.sh']);
    expect(git(repo, 'show', `${result.sha}:etl.sh`)).toBe('echo load --fast\n');
    expect(result.message).toMatch(
      /untracked files not in the snapshot: 5 secret-looking \(.+\), never recorded; 1 left out by git.untracked: exclude/,
    );
    expect(fingerprint(repo)).toEqual(before);
  });

  it('with include records new files, but never ignored or secret-looking ones', async () => {
    const before = fingerprint(repo);
    const result = await snapshot({ untracked: 'include' });
    const paths = treePaths(repo, result.sha!);
    expect(paths.sort()).toEqual(['.gitignore', 'etl.sh', 'migrations/002_add_orders.sql']);
    for (const secret of SECRET_LOOKING) expect(paths).not.toContain(secret);
    expect(result.message).toContain('5 secret-looking');
    expect(fingerprint(repo)).toEqual(before);
  });

  it('commit mode follows the same rules on the branch (and never commits a secret-looking file)', async () => {
    const excluded = await snapshot({ mode: 'commit', message: 'etl-cycle' });
    expect(excluded.status).toBe('committed');
    expect(treePaths(repo, 'HEAD').sort()).toEqual(['.gitignore', 'etl.sh']);
    write(repo, 'etl.sh', 'echo load --faster\n');
    const included = await snapshot({ mode: 'commit', message: 'etl-cycle', untracked: 'include', iteration: 2 });
    expect(included.status).toBe('committed');
    expect(treePaths(repo, 'HEAD').sort()).toEqual(['.gitignore', 'etl.sh', 'migrations/002_add_orders.sql']);
    // The secret-looking files are still untracked, as the user left them.
    const untracked = git(repo, 'ls-files', '--others', '--exclude-standard').split('\n').filter(Boolean);
    expect(untracked.sort()).toEqual([...SECRET_LOOKING].sort());
  });

  it('a file the user staged is theirs to record, whatever its name', async () => {
    git(repo, 'add', '.env.local');
    const result = await snapshot({});
    expect(treePaths(repo, result.sha!)).toContain('.env.local');
  });
});
