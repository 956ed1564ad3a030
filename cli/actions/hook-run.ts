/**
 * `etl-cycle hook run` (hidden): what the pre-push hook executes. It tests the commits being
 * pushed — not the work tree, whose unstaged edits must not make a broken push pass — each in
 * a temporary `git worktree` of exactly that commit, with `etl-cycle run`. The user's branch,
 * index and work tree are never touched; the worktree is removed afterwards, also on failure
 * and Ctrl-C. Logs and the report go where a run in the checkout would put them.
 *   exit 0  every pushed commit came up green (or there was nothing to test, or ETL_CYCLE_SKIP=1)
 *   exit 1  the push is blocked: one line with the class and what to do
 */
import { access, symlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { text as readStream } from 'node:stream/consumers';
import type { RunReport } from '../../agent/report.js';
import { EXIT_FAILURE, EXIT_SIGINT, EXIT_SIGTERM, EXIT_SUCCESS, EXIT_USAGE, GitError, isEtlCycleError } from '../../core/errors.js';
import { locateRepository } from '../../git/locate-repository.js';
import { addTemporaryWorktree } from '../../git/temporary-worktree.js';
import { runProcess } from '../../process/run-process.js';
import { openConfig } from '../../project/open-project.js';
import { pushedCommits } from '../hook/pushed-commits.js';
import { handleSignals } from '../signals.js';
import { selfCommand } from '../version.js';

export interface HookRunArgs {
  config?: string;
}

/**
 * Git exports where the repository is to its hooks; the run in the temporary worktree (and the
 * user's orchestrator in it) must see that checkout, not the one the push came from.
 */
const GIT_LOCATION_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_PREFIX',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_SHALLOW_FILE',
  'GIT_GRAFT_FILE',
  'GIT_INTERNAL_SUPER_PREFIX',
];

/**
 * Dependency folders that are never committed but that the orchestrator needs (node's
 * packages, a Python virtualenv): linked into the temporary worktree from the checkout.
 */
const DEPENDENCY_FOLDERS = ['node_modules', '.venv', 'venv'];

const say = (line: string) => process.stderr.write(`etl-cycle: ${line}\n`);
const SKIP_HINT = 'skip the check once with `git push --no-verify` or `ETL_CYCLE_SKIP=1 git push`';

export async function runPushCheck(args: HookRunArgs): Promise<number> {
  if (process.env.ETL_CYCLE_SKIP === '1') {
    say('pre-push check skipped (ETL_CYCLE_SKIP=1)');
    return EXIT_SUCCESS;
  }
  const stdinText = process.stdin.isTTY ? undefined : await readStream(process.stdin);
  const commits = pushedCommits(stdinText, process.env);
  if (commits.length === 0) {
    say('nothing to test in this push (only deletions)');
    return EXIT_SUCCESS;
  }
  const located = await locateRepository(process.cwd());
  if (located.kind !== 'repository') throw new GitError(`${located.reason}; the pre-push check runs in a git work tree`);
  const root = located.repository.root;
  for (const name of GIT_LOCATION_VARIABLES) delete process.env[name];
  const configRel = configInRepository(root, args.config ?? 'etl-cycle.yaml');

  const signals = handleSignals(
    (signal) => `\netl-cycle: ${signal} again, exiting now; the temporary worktree may be left behind (git worktree prune removes it)\n`,
  );
  try {
    for (const commit of commits) {
      const code = await testCommit(root, commit, configRel, signals.signal);
      if (code !== EXIT_SUCCESS) return code;
    }
    return EXIT_SUCCESS;
  } finally {
    signals.dispose();
  }
}

async function testCommit(root: string, commit: { sha: string; refs: string[] }, configRel: string, signal: AbortSignal): Promise<number> {
  const worktree = await addTemporaryWorktree(root, commit.sha);
  const short = worktree.sha.slice(0, 8);
  try {
    const configFile = join(worktree.dir, configRel);
    if (!(await exists(configFile))) {
      say(`push blocked: ${configRel} is not in the pushed commit ${short}; commit it, or ${SKIP_HINT}`);
      return EXIT_FAILURE;
    }
    let logsDir: string;
    try {
      logsDir = checkoutPath(root, worktree.dir, (await openConfig({ cwd: worktree.dir, configPath: configFile })).logs.dir);
    } catch (error) {
      if (!isEtlCycleError(error) || error.exitCode !== EXIT_USAGE) throw error;
      say(`push blocked: the pushed commit ${short} has a configuration error: ${error.message.replaceAll(worktree.dir, '.')}`);
      return EXIT_FAILURE;
    }
    await linkDependencyFolders(root, worktree.dir, configRel);
    say(`testing ${short} (${commit.refs.join(', ')}) in a temporary worktree`);
    const [node, cli] = selfCommand();
    let stdout = '';
    const result = await runProcess({
      command: [node!, cli!, 'run', '--config', configFile, '--git', 'off', '--log-dir', logsDir, '--json', '--no-progress'],
      cwd: join(worktree.dir, configRel, '..'),
      // The run history (when present) records this run as started by the hook.
      env: { ETL_CYCLE_TRIGGER: 'hook' },
      signal,
      killGraceMs: 30_000,
      maxBufferBytes: 4096,
      onOutput: (stream, chunk) => {
        if (stream === 'stdout') stdout += chunk;
        else process.stderr.write(chunk);
      },
    });
    if (result.aborted) {
      say('pre-push check interrupted; the push is blocked');
      const reason = signal.reason as { signal?: string } | undefined;
      return reason?.signal === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT;
    }
    if (result.spawnError) throw new GitError(`cannot start etl-cycle run: ${result.spawnError}`);
    const report = parseReport(stdout);
    if (result.exitCode === EXIT_SUCCESS && report?.overall_success) {
      say(`${short} came up green in ${report.iterations_executed} iteration(s); pushing`);
      return EXIT_SUCCESS;
    }
    if (result.exitCode === EXIT_USAGE || !report) {
      say(`push blocked: etl-cycle run could not test ${short} (exit ${result.exitCode ?? result.signal}, above); fix it, or ${SKIP_HINT}`);
      return EXIT_FAILURE;
    }
    say(`push blocked: ${short} is not green: ${whyNotGreen(report)} (report ${report.report_file}); fix it, or ${SKIP_HINT}`);
    return EXIT_FAILURE;
  } finally {
    await worktree.remove();
  }
}

/** The class and its fix: the run's diagnosis when it stopped on one, else the last iteration's class. */
function whyNotGreen(report: RunReport): string {
  if (report.diagnosis) return report.diagnosis;
  const last = report.cycles.at(-1);
  const where = last?.failed_task ? ` in task ${last.failed_task}` : last?.failed_phase ? ` in ${last.failed_phase}` : '';
  return `${last?.primary_class ?? 'unknown'}${where} after ${report.iterations_executed} iteration(s) (${report.stop_reason ?? 'stopped'})`;
}

function parseReport(stdout: string): RunReport | undefined {
  try {
    const value = JSON.parse(stdout) as RunReport;
    return typeof value.execution_id === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function configInRepository(root: string, config: string): string {
  const rel = isAbsolute(config) ? relative(root, config) : config;
  return rel.split('\\').join('/');
}

/** A path inside the temporary worktree, moved to the same place in the user's checkout. */
function checkoutPath(root: string, worktreeDir: string, path: string): string {
  const rel = relative(worktreeDir, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : resolve(root, rel);
}

async function linkDependencyFolders(root: string, worktreeDir: string, configRel: string): Promise<void> {
  const dirs = new Set(['.', join(configRel, '..')]);
  for (const dir of dirs) {
    for (const name of DEPENDENCY_FOLDERS) {
      const source = join(root, dir, name);
      const target = join(worktreeDir, dir, name);
      if ((await exists(source)) && !(await exists(target))) await symlink(source, target, 'dir');
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
