/**
 * Where HEAD is: the commit it points at (none on an unborn branch) and the branch it is on
 * (none when detached).
 */
import type { SimpleGit } from 'simple-git';
import { quietProbe } from './quiet-probe.js';

export interface Head {
  sha: string | undefined;
  /** Short branch name, e.g. `main`. */
  branch: string | undefined;
}

export async function readHead(git: SimpleGit): Promise<Head> {
  const sha = await quietProbe(git, ['rev-parse', '-q', '--verify', 'HEAD^{commit}']);
  const branch = await quietProbe(git, ['symbolic-ref', '-q', '--short', 'HEAD']);
  return { sha, branch };
}
