/**
 * Side refs keep their commits (and the untracked files captured in them) alive forever unless
 * someone deletes them. Keep the refs of the newest `keepExecutions` executions under the prefix
 * and delete the rest. Execution ids start with a UTC timestamp, so their lexical order is their
 * age. Run once per run, it usually deletes the refs of one old execution. Never throws:
 * pruning is housekeeping.
 */
import type { Logger } from '../core/logger.js';
import { createGitClient } from './create-git-client.js';
import { gitFailureMessage } from './git-failure-message.js';
import { locateRepository } from './locate-repository.js';

export interface PruneResult {
  deleted: number;
  kept: number;
  message?: string;
}

export async function pruneSnapshotRefs(
  options: { cwd: string; refPrefix: string; keepExecutions: number },
  logger: Logger,
): Promise<PruneResult> {
  try {
    const located = await locateRepository(options.cwd);
    if (located.kind !== 'repository') return { deleted: 0, kept: 0, message: located.reason };
    const git = createGitClient(located.repository.root);
    const prefix = options.refPrefix.replace(/\/+$/, '');
    const listed = await git.raw(['for-each-ref', '--format=%(refname)', `${prefix}/`]);
    const refs = listed.split('\n').filter(Boolean);
    const executions = [...new Set(refs.map((ref) => ref.slice(prefix.length + 1).split('/')[0]!))].sort();
    const doomed = new Set(executions.slice(0, Math.max(0, executions.length - options.keepExecutions)));
    const toDelete = refs.filter((ref) => doomed.has(ref.slice(prefix.length + 1).split('/')[0]!));
    for (const ref of toDelete) await git.raw(['update-ref', '-d', ref]);
    logger.debug('pruned snapshot refs', { deleted: toDelete.length, executionsKept: executions.length - doomed.size });
    return { deleted: toDelete.length, kept: refs.length - toDelete.length };
  } catch (error) {
    return { deleted: 0, kept: 0, message: gitFailureMessage(error) };
  }
}
