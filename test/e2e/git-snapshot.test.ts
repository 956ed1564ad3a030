/**
 * The default git mode records each iteration on a side ref and leaves the user's branch,
 * HEAD, index, stash and working tree exactly as they were. Also: a project without a Compose
 * file works (no engine involved).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readOnlyReport, runCli } from '../support/cli.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'T',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 'T',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  });

async function userState(cwd: string) {
  const hash = async (path: string) =>
    createHash('sha256')
      .update(await readFile(join(cwd, path)))
      .digest('hex');
  return {
    head: git(cwd, 'rev-parse', 'HEAD'),
    branch: git(cwd, 'symbolic-ref', 'HEAD'),
    index: await hash('.git/index'),
    config: await hash('.git/config'),
    status: git(cwd, 'status', '--porcelain=v1', '-uall'),
    stash: git(cwd, 'stash', 'list'),
    files: {
      tracked: await hash('etl.sh'),
      staged: await hash('staged.txt'),
      untracked: await hash('notes.txt'),
      secret: await hash('.env.local'),
    },
  };
}

describe('git snapshot (ref mode)', () => {
  it('by default records tracked files only: an untracked file stays out of the snapshot', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-git-'));
    await writeFile(join(dir, 'etl.sh'), 'echo loading\n');
    await writeFile(join(dir, 'etl-cycle.yaml'), 'compose: false\norchestrator:\n  command: [sh, etl.sh]\nloop: { max_iterations: 1 }\n');
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'initial');
    await writeFile(join(dir, '.env.local'), 'GITHUB_TOKEN=ghp_untracked\n');
    await writeFile(join(dir, 'new.sql'), 'select 1;\n');
    const result = await runCli(['run'], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = await readOnlyReport(join(dir, 'logs'));
    const { sha } = report.cycles[0]!.git_snapshot;
    expect(git(dir, 'ls-tree', '-r', '--name-only', sha!).trim().split('\n').sort()).toEqual(['etl-cycle.yaml', 'etl.sh']);
    expect(git(dir, 'log', '-p', '--all', '--format=')).not.toContain('ghp_untracked');
  });

  it('records the working tree on refs/etl-cycle/... and changes nothing of the user', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-git-'));
    await writeFile(join(dir, 'etl.sh'), 'echo loading\n');
    await writeFile(join(dir, '.gitignore'), 'logs/\n*.log\n');
    await writeFile(
      join(dir, 'etl-cycle.yaml'),
      'compose: false\norchestrator:\n  command: [sh, etl.sh]\nloop: { max_iterations: 1 }\ngit: { untracked: include }\n',
    );
    await writeFile(join(dir, 'staged.txt'), 'v1\n');
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'initial');
    await writeFile(join(dir, 'staged.txt'), 'v2 stashed\n');
    git(dir, 'stash', '-q');
    await writeFile(join(dir, 'staged.txt'), 'v3 staged\n');
    git(dir, 'add', 'staged.txt');
    await writeFile(join(dir, 'etl.sh'), 'echo loading; echo done\n'); // unstaged change
    await writeFile(join(dir, 'notes.txt'), 'untracked\n');
    await writeFile(join(dir, 'debug.log'), 'ignored\n');
    await writeFile(join(dir, '.env.local'), 'GITHUB_TOKEN=ghp_not_for_the_snapshot\n'); // untracked, not ignored
    const before = await userState(dir);

    const result = await runCli(['run'], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);

    expect(await userState(dir)).toEqual(before);
    const refs = git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/etl-cycle').trim().split('\n');
    expect(refs).toHaveLength(1);
    const [ref, sha] = refs[0]!.split(' ');
    const report = await readOnlyReport(join(dir, 'logs'));
    expect(ref).toBe(`refs/etl-cycle/${report.execution_id}/1`);
    expect(report.cycles[0]!.git_snapshot).toMatchObject({ sha, ref });
    const tree = git(dir, 'ls-tree', '-r', '--name-only', sha!).trim().split('\n');
    expect(tree).toEqual(expect.arrayContaining(['etl.sh', 'staged.txt', 'notes.txt', '.gitignore', 'etl-cycle.yaml']));
    expect(tree).not.toContain('debug.log');
    // A secret-looking untracked file is never recorded, even with git.untracked: include.
    expect(tree).not.toContain('.env.local');
    expect(git(dir, 'log', '-p', '--all', '--format=')).not.toContain('ghp_not_for_the_snapshot');
    expect(git(dir, 'show', `${sha}:etl.sh`)).toBe('echo loading; echo done\n');
    expect(git(dir, 'rev-parse', `${sha}^`).trim()).toBe(before.head.trim());
  });

  it('outside a git repository it warns once and goes on', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-nogit-'));
    await writeFile(
      join(dir, 'etl-cycle.yaml'),
      'compose: false\norchestrator:\n  command: [sh, -c, "exit 3"]\nloop: { max_iterations: 3, backoff: { initial: 0.1s, max: 0.1s } }\n',
    );
    const result = await runCli(['run'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.match(/is not inside a git repository/g)).toHaveLength(1);
    const report = await readOnlyReport(join(dir, 'logs'));
    expect(report.cycles[0]!.git_snapshot.status).toBe('not_a_repository');
    // The same unexplained failure twice is stuck, not three wasted iterations.
    expect(report).toMatchObject({ stop_reason: 'stuck', iterations_executed: 2 });
  });
});
