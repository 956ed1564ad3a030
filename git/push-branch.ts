/**
 * Push mode's second half: sends the current branch to its upstream (or the configured remote,
 * else origin). Never prompts — a credential prompt nobody answers would hang the cycle — and
 * never sets an upstream, which would write the user's git config.
 */
import type { Logger } from '../core/logger.js';
import { createGitClient } from './create-git-client.js';
import type { Repository } from './locate-repository.js';
import { quietProbe } from './quiet-probe.js';

export type PushOutcome = { ok: true; remote: string; destination: string } | { ok: false; message: string };

export async function pushBranch(
  repository: Repository,
  branch: string,
  requestedRemote: string | undefined,
  logger: Logger,
): Promise<PushOutcome> {
  const git = createGitClient(repository.root, { GIT_TERMINAL_PROMPT: '0' });
  const upstreamRemote = await quietProbe(git, ['config', '--get', `branch.${branch}.remote`]);
  const upstreamBranch = await quietProbe(git, ['config', '--get', `branch.${branch}.merge`]);
  const remote = requestedRemote ?? upstreamRemote ?? 'origin';
  if (remote.startsWith('-')) return { ok: false, message: `git remote "${remote}" is not a remote name` };

  const remotes = (await git.raw(['remote'])).split('\n').filter((name) => name !== '');
  if (!remotes.includes(remote)) {
    return {
      ok: false,
      message:
        remotes.length === 0
          ? `cannot push: ${repository.root} has no git remote; add one (git remote add origin <url>) or use git mode "commit"`
          : `cannot push: no git remote named "${remote}" (remotes: ${remotes.join(', ')}); set git.remote to one of them`,
    };
  }
  const destination = remote === upstreamRemote && upstreamBranch !== undefined ? upstreamBranch : `refs/heads/${branch}`;
  logger.debug('pushing', { remote, branch, destination });
  await git.raw(['push', '--quiet', remote, `refs/heads/${branch}:${destination}`]);
  return { ok: true, remote, destination };
}
