/**
 * The pre-push hook end to end: `etl-cycle hook install` into a real repository (one with a
 * pre-push hook of its own, one managed by the real husky), then real `git push`es to a local
 * bare remote. The hook must test the commit being pushed, not the work tree: a broken commit
 * is refused although the work tree holds an unstaged fix, and a good commit is accepted
 * although the work tree holds an unstaged break. The user's branch, index and work tree stay
 * as they were, and no temporary worktree is left behind.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAll, fingerprint, git, initRepo, isolateGitConfig, tempFolder, write } from '../integration/git/repo-helpers.js';
import { CLI, cliEnvironment, runCli } from '../support/cli.js';
import { uniqueProjectName } from '../support/docker.js';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const huskyBin = join(packageRoot, 'node_modules/husky/bin.js');

/** Green when state.txt says ok; otherwise fails the way a client with a wrong password does (not retryable). */
const CONFIG = (project: string) => `project: ${project}
compose: false
orchestrator:
  command: [sh, -c, "if grep -qx ok state.txt; then echo loaded 3 rows; else echo 'psql: error: connection to server at \\"127.0.0.1\\", port 5432 failed: FATAL:  password authentication failed for user \\"etl\\"' >&2; exit 2; fi"]
loop:
  max_iterations: 2
  backoff: { initial: 0.1s, max: 0.2s }
logs:
  dir: logs
`;

let folder: ReturnType<typeof tempFolder>;
let restoreConfig: () => void;
beforeAll(() => {
  folder = tempFolder('etl-cycle-hook-');
  restoreConfig = isolateGitConfig(folder.path, { name: 'Dana User', email: 'dana@example.com' });
});
afterAll(() => {
  restoreConfig();
  folder.cleanup();
});

interface Setup {
  repo: string;
  remote: string;
}

function setUp(name: string): Setup {
  const repo = initRepo(join(folder.path, name, 'repo'));
  const remote = join(folder.path, name, 'remote.git');
  git(folder.path, 'init', '-q', '--bare', remote);
  git(repo, 'remote', 'add', 'origin', remote);
  write(repo, '.gitignore', 'logs/\nnode_modules/\n');
  write(repo, 'etl-cycle.yaml', CONFIG(uniqueProjectName('hook')));
  write(repo, 'state.txt', 'ok\n');
  commitAll(repo, 'a green pipeline');
  git(repo, 'push', '-q', '--no-verify', 'origin', 'main');
  return { repo, remote };
}

function push(repo: string, args: string[] = [], env: Record<string, string> = {}): { status: number | null; stderr: string } {
  const result = spawnSync('git', ['push', 'origin', ...args], { cwd: repo, encoding: 'utf8', env: cliEnvironment(env), timeout: 120_000 });
  return { status: result.status, stderr: `${result.stdout}${result.stderr}` };
}

const remoteMain = (setup: Setup) => git(setup.remote, 'rev-parse', 'refs/heads/main').trim();
/**
 * Everything the user owns, minus what a push legitimately moves (remote-tracking refs) and the
 * run's logs and report, which go to the (ignored) logs folder as for a run in the checkout.
 */
function owned(repo: string): Record<string, unknown> {
  const print = fingerprint(repo);
  const workTree = Object.entries(print.workTree as Record<string, string>).filter(([path]) => !path.startsWith('logs/'));
  return {
    ...print,
    refs: (print.refs as string[]).filter((ref) => !ref.startsWith('refs/remotes/')),
    detailedStatus: (print.detailedStatus as string)
      .split('\n')
      .filter((line) => !line.startsWith('! logs/'))
      .join('\n'),
    workTree: Object.fromEntries(workTree),
  };
}
const worktrees = (repo: string) => git(repo, 'worktree', 'list', '--porcelain').match(/^worktree /gm)?.length ?? 0;
const leftoverCheckouts = () => readdirSync(tmpdir()).filter((name) => name.startsWith('etl-cycle-push-'));

describe('etl-cycle hook (pre-push)', () => {
  it('tests the pushed commit in a temporary worktree, chaining the hook that was there', async () => {
    const setup = setUp('plain');
    const { repo } = setup;
    // The project's own pre-push hook: records its arguments and the refs it read on stdin.
    write(
      repo,
      '.git/hooks/pre-push',
      '#!/bin/sh\necho "args: $*" >> "$(git rev-parse --git-dir)/own-hook.log"\ncat >> "$(git rev-parse --git-dir)/own-hook.log"\n',
    );
    chmodSync(join(repo, '.git/hooks/pre-push'), 0o755);

    const installed = await runCli(['hook', 'install'], { cwd: repo });
    expect(installed.exitCode, installed.stderr).toBe(0);
    expect(installed.stdout).toContain('kept as pre-push.etl-cycle-previous and runs first');
    expect((await runCli(['hook', 'status'], { cwd: repo })).stdout).toMatch(/installed in \.git\/hooks\/pre-push, testing etl-cycle.yaml/);

    // A broken commit, with the fix sitting unstaged in the work tree: refused.
    write(repo, 'state.txt', 'broken\n');
    const broken = commitAll(repo, 'break the pipeline');
    write(repo, 'state.txt', 'ok\n');
    const before = owned(repo);
    const refused = push(repo, ['main']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(
      new RegExp(`etl-cycle: push blocked: ${broken.slice(0, 8)} is not green: auth_failed: .*git push --no-verify`),
    );
    expect(remoteMain(setup)).not.toBe(broken);
    expect(owned(repo)).toEqual(before);
    expect(readFileSync(join(repo, 'state.txt'), 'utf8')).toBe('ok\n');
    expect(worktrees(repo)).toBe(1);
    // The run's report is in the checkout's logs folder, as for a run there.
    expect(readdirSync(join(repo, 'logs')).some((n) => n.startsWith('auto_cycle_report_'))).toBe(true);

    // The fix committed, an unrelated break unstaged in the work tree: accepted.
    git(repo, 'add', 'state.txt');
    const fixed = commitAll(repo, 'fix the pipeline');
    write(repo, 'state.txt', 'half-edited\n');
    const accepted = push(repo, ['main']);
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(accepted.stderr).toContain(`etl-cycle: ${fixed.slice(0, 8)} came up green in 1 iteration(s); pushing`);
    expect(remoteMain(setup)).toBe(fixed);
    expect(readFileSync(join(repo, 'state.txt'), 'utf8')).toBe('half-edited\n');
    expect(worktrees(repo)).toBe(1);
    expect(leftoverCheckouts()).toEqual([]);

    // The chained hook ran both times, with git's arguments and the refs on stdin.
    const ownLog = readFileSync(join(repo, '.git/own-hook.log'), 'utf8');
    expect(ownLog.match(/^args: origin .*remote\.git$/gm)).toHaveLength(2);
    expect(ownLog).toContain(`refs/heads/main ${broken} refs/heads/main`);
    expect(ownLog).toContain(`refs/heads/main ${fixed} refs/heads/main`);

    // Bypasses: ETL_CYCLE_SKIP=1 and --no-verify push a broken commit.
    write(repo, 'state.txt', 'broken\n');
    const skipped = commitAll(repo, 'break it again');
    const bypass = push(repo, ['main'], { ETL_CYCLE_SKIP: '1' });
    expect(bypass.status, bypass.stderr).toBe(0);
    expect(bypass.stderr).toContain('pre-push check skipped (ETL_CYCLE_SKIP=1)');
    expect(remoteMain(setup)).toBe(skipped);
    write(repo, 'state.txt', 'broken again\n');
    const noVerify = commitAll(repo, 'and again');
    expect(push(repo, ['--no-verify', 'main']).status).toBe(0);
    expect(remoteMain(setup)).toBe(noVerify);

    // A deletion sends nothing to test.
    git(repo, 'push', '-q', '--no-verify', 'origin', 'main:refs/heads/topic');
    const deletion = push(repo, [':topic']);
    expect(deletion.status, deletion.stderr).toBe(0);
    expect(deletion.stderr).toContain('nothing to test in this push');

    // Uninstall puts the project's own hook back.
    expect((await runCli(['hook', 'uninstall'], { cwd: repo })).exitCode).toBe(0);
    expect(readFileSync(join(repo, '.git/hooks/pre-push'), 'utf8')).toContain('own-hook.log');
    expect(existsSync(join(repo, '.git/hooks/pre-push.etl-cycle-previous'))).toBe(false);
    expect((await runCli(['hook', 'status'], { cwd: repo })).exitCode).toBe(1);
  });

  it('with husky: adds its check to .husky/pre-push and blocks a broken push through husky', async () => {
    const setup = setUp('husky');
    const { repo } = setup;
    // The project uses husky 9 (core.hooksPath=.husky/_) and has etl-cycle as a dependency.
    const installedHusky = spawnSync(process.execPath, [huskyBin], { cwd: repo, encoding: 'utf8' });
    expect(installedHusky.status, installedHusky.stderr).toBe(0);
    expect(git(repo, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    write(repo, '.husky/pre-push', 'echo "project check ran" >&2\n');
    mkdirSync(join(repo, 'node_modules/.bin'), { recursive: true });
    symlinkSync(packageRoot, join(repo, 'node_modules/etl-cycle'));
    symlinkSync('../etl-cycle/bin/etl-cycle.js', join(repo, 'node_modules/.bin/etl-cycle'));
    commitAll(repo, 'husky');

    const installed = await runCli(['hook', 'install'], { cwd: repo });
    expect(installed.exitCode, installed.stderr).toBe(0);
    expect(installed.stdout).toContain('husky (.husky/pre-push)');
    const huskyFile = readFileSync(join(repo, '.husky/pre-push'), 'utf8');
    expect(huskyFile.startsWith('echo "project check ran" >&2\n')).toBe(true);
    expect(huskyFile).toContain('npx --no-install etl-cycle hook run --config etl-cycle.yaml "$@"');
    expect(existsSync(join(repo, '.husky/_/pre-push.etl-cycle-previous'))).toBe(false);
    git(repo, 'add', '.husky/pre-push');
    const good = commitAll(repo, 'the team shares the hook');

    const accepted = push(repo, ['main']);
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(accepted.stderr).toContain('project check ran');
    expect(remoteMain(setup)).toBe(good);

    write(repo, 'state.txt', 'broken\n');
    const broken = commitAll(repo, 'break the pipeline');
    write(repo, 'state.txt', 'ok\n');
    const refused = push(repo, ['main']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(`push blocked: ${broken.slice(0, 8)} is not green: auth_failed`);
    expect(remoteMain(setup)).toBe(good);
    expect(worktrees(repo)).toBe(1);

    expect((await runCli(['hook', 'uninstall'], { cwd: repo })).exitCode).toBe(0);
    expect(readFileSync(join(repo, '.husky/pre-push'), 'utf8')).toBe('echo "project check ran" >&2\n');
  });

  it('hook run outside a push tests HEAD and says so when a config is missing from the commit', async () => {
    const { repo } = setUp('manual');
    const result = spawnSync(process.execPath, [CLI, 'hook', 'run', '--config', 'nested/etl-cycle.yaml'], {
      cwd: repo,
      encoding: 'utf8',
      input: '',
      env: cliEnvironment({ PRE_COMMIT_TO_REF: git(repo, 'rev-parse', 'HEAD').trim() }),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/push blocked: nested\/etl-cycle.yaml is not in the pushed commit [0-9a-f]{8}; commit it/);
    expect(worktrees(repo)).toBe(1);
  });
});
