/**
 * Step 1 of every iteration: record the repository state the iteration runs against, so a
 * report can say exactly which code produced which failure. Never throws for git trouble —
 * git missing, not a repository, a refused push — the result says what happened and the agent
 * decides whether that is fatal (git.required).
 *
 * Statuses: `recorded` (ref mode, new side commit), `unchanged` (nothing differs from HEAD:
 * ref mode points the side ref at HEAD itself; commit/push mode made no commit), `committed`,
 * `pushed`, `skipped` (mode off), `not_a_repository`, `failed`.
 */
import type { Logger } from '../core/logger.js';
import { commitWorkingTree } from './commit-working-tree.js';
import { gitFailureMessage } from './git-failure-message.js';
import { locateRepository } from './locate-repository.js';
import type { Repository } from './locate-repository.js';
import { pushBranch } from './push-branch.js';
import { recordSnapshotRef } from './record-snapshot-ref.js';
import { sideRefName } from './side-ref-name.js';
import type { SnapshotOptions, SnapshotResult } from './types.js';

type Outcome = Omit<SnapshotResult, 'durationMs'>;

export async function snapshotRepository(options: SnapshotOptions, logger: Logger): Promise<SnapshotResult> {
  const startedAt = performance.now();
  const log = logger.child({ component: 'git', mode: options.mode, iteration: options.iteration });
  const outcome = await snapshotOutcome(options, log).catch((error: unknown): Outcome => ({
    status: 'failed',
    message: gitFailureMessage(error),
  }));
  if (outcome.status === 'failed') log.debug('git snapshot failed', { reason: outcome.message });
  else log.debug('git snapshot done', { status: outcome.status, sha: outcome.sha, ref: outcome.ref });
  return { ...outcome, durationMs: Math.round(performance.now() - startedAt) };
}

async function snapshotOutcome(options: SnapshotOptions, log: Logger): Promise<Outcome> {
  if (options.mode === 'off') return { status: 'skipped', message: 'git mode is off' };
  if (!['ref', 'commit', 'push'].includes(options.mode))
    return { status: 'failed', message: `unknown git mode "${String(options.mode)}": use ref, commit, push or off` };

  log.debug('locating the git work tree', { cwd: options.cwd });
  const located = await locateRepository(options.cwd);
  if (located.kind === 'not_a_repository') return { status: 'not_a_repository', message: located.reason };
  if (located.kind === 'failed') return { status: 'failed', message: located.reason };
  const repository = located.repository;

  if (options.mode === 'ref') return snapshotToRef(repository, options, log);
  return commitAndMaybePush(repository, options, log);
}

async function snapshotToRef(repository: Repository, options: SnapshotOptions, log: Logger): Promise<Outcome> {
  const name = sideRefName(options.refPrefix, options.executionId, options.iteration);
  if (!name.ok) return { status: 'failed', message: name.reason };
  log.debug('recording the working tree on a side ref', { root: repository.root, ref: name.ref });
  const recorded = await recordSnapshotRef(repository, name.ref, sideCommitMessage(options), options.untracked ?? 'exclude', log);
  return { status: recorded.status, sha: recorded.sha, ref: recorded.ref, ...(recorded.leftOut ? { message: recorded.leftOut } : {}) };
}

async function commitAndMaybePush(repository: Repository, options: SnapshotOptions, log: Logger): Promise<Outcome> {
  log.debug('committing the working tree', { root: repository.root });
  const commit = await commitWorkingTree(repository, options.message ?? defaultMessage(options), options.untracked ?? 'exclude', log);
  if (commit.status === 'failed') return { status: 'failed', message: commit.message };
  const committed: Outcome = {
    status: commit.status,
    ...(commit.sha === undefined ? {} : { sha: commit.sha }),
    ...(commit.leftOut ? { message: commit.leftOut } : {}),
  };
  if (options.mode === 'commit') return committed;
  // Pushing from CI would publish an automated commit from a throwaway checkout.
  if (options.ci) return { ...committed, message: 'push skipped: running in CI' };
  // Nothing new: earlier iterations pushed their own commits, and pushing an unchanged branch
  // would only fail every iteration once the remote has moved on.
  if (commit.status === 'unchanged') return { ...committed, message: 'nothing to commit, nothing pushed' };

  const pushed = await pushBranch(repository, commit.branch, options.remote, log).catch((error: unknown) => ({
    ok: false as const,
    message: gitFailureMessage(error),
  }));
  if (!pushed.ok)
    return {
      status: 'failed',
      sha: commit.sha,
      message: `committed ${commit.sha.slice(0, 12)} on ${commit.branch}, but the push failed: ${pushed.message}`,
    };
  return { status: 'pushed', sha: commit.sha, message: `pushed ${commit.branch} to ${pushed.remote} (${pushed.destination})` };
}

/** The side commit says which run and iteration it belongs to, also when `message` is given. */
function sideCommitMessage(options: SnapshotOptions): string {
  return `${options.message ?? defaultMessage(options)}\n\nEtl-Cycle-Execution: ${options.executionId}\nEtl-Cycle-Iteration: ${options.iteration}\n`;
}

function defaultMessage(options: SnapshotOptions): string {
  return `etl-cycle snapshot: execution ${options.executionId}, iteration ${options.iteration}`;
}
