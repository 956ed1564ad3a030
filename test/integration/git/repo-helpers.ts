/**
 * Real repositories in temp folders, built with the git CLI the way a user would, and a
 * fingerprint of everything a ref-mode snapshot promises not to touch.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** Runs git in `cwd`; stdout as text (not trimmed). Throws with git's stderr on failure. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Like `git` but returns the exit status and output instead of throwing. */
export function gitStatus(cwd: string, ...args: string[]): { status: number; output: string } {
  try {
    return { status: 0, output: git(cwd, ...args) };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, output: `${failed.stdout}${failed.stderr}` };
  }
}

export function write(root: string, path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

/** A temp folder removed by `cleanup()`. */
export function tempFolder(prefix: string): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** A new repository on branch `main` (unborn until `commitAll`). */
export function initRepo(path: string): string {
  mkdirSync(path, { recursive: true });
  git(path, 'init', '-q', '-b', 'main');
  return path;
}

export function commitAll(root: string, message: string): string {
  git(root, 'add', '--all');
  git(root, 'commit', '-q', '-m', message);
  return git(root, 'rev-parse', 'HEAD').trim();
}

/**
 * Isolates git from the machine's configuration: a global config file of our own (with or
 * without a user identity) and no system config. Returns a restore function.
 */
export function isolateGitConfig(folder: string, identity: { name: string; email: string } | undefined): () => void {
  const saved = { GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM };
  const file = join(folder, `gitconfig-${identity ? 'with' : 'without'}-identity`);
  const lines = ['[init]', '\tdefaultBranch = main', '[protocol "file"]', '\tallow = always'];
  if (identity) lines.push('[user]', `\tname = ${identity.name}`, `\temail = ${identity.email}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  process.env.GIT_CONFIG_GLOBAL = file;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function hashFileIfPresent(path: string): string {
  return existsSync(path) ? sha256(readFileSync(path)) : '<absent>';
}

/** path → sha256 and mode of every file in the work tree, `.git` excluded. */
function workTreeFiles(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(root, path)] = `${sha256(readFileSync(path))} ${statSync(path).mode.toString(8)}`;
    }
  };
  walk(root);
  return files;
}

/**
 * Everything the user owns in a repository, byte for byte: HEAD, every ref except ours, the
 * index file, the stash, the status, the config, the in-progress-operation files, HEAD's
 * reflog and the work tree. Read-only: status runs with --no-optional-locks so taking the
 * fingerprint cannot refresh the index it is measuring.
 */
export function fingerprint(root: string): Record<string, unknown> {
  const gitDir = git(root, 'rev-parse', '--absolute-git-dir').trim();
  const indexHash = hashFileIfPresent(join(gitDir, 'index'));
  return {
    headFile: readFileSync(join(gitDir, 'HEAD'), 'utf8'),
    head: gitStatus(root, 'rev-parse', '-q', '--verify', 'HEAD').output,
    refs: git(root, 'for-each-ref', '--format=%(refname) %(objectname)')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('refs/etl-cycle/')),
    index: indexHash,
    stash: gitStatus(root, 'stash', 'list').output,
    status: git(root, '--no-optional-locks', 'status', '--porcelain'),
    detailedStatus: git(root, '--no-optional-locks', 'status', '--porcelain=v2', '--branch', '--untracked-files=all', '--ignored'),
    config: readFileSync(join(gitDir, 'config'), 'utf8'),
    headReflog: hashFileIfPresent(join(gitDir, 'logs', 'HEAD')),
    mergeHead: hashFileIfPresent(join(gitDir, 'MERGE_HEAD')),
    mergeMsg: hashFileIfPresent(join(gitDir, 'MERGE_MSG')),
    workTree: workTreeFiles(root),
  };
}

/** Paths in a commit's tree (recursive, NUL-separated so spaces and unicode survive). */
export function treePaths(root: string, commit: string): string[] {
  return git(root, 'ls-tree', '-r', '-z', '--name-only', commit)
    .split('\0')
    .filter((path) => path !== '');
}

export function fileAt(root: string, commit: string, path: string): string {
  return git(root, 'show', `${commit}:${path}`);
}
