/**
 * Runs a git command that answers "no" by exiting 1 without output (`rev-parse -q --verify`,
 * `symbolic-ref -q`, `config --get`): trimmed output, or undefined for that "no". Any other
 * failure is a real one and is thrown.
 */
import type { SimpleGit } from 'simple-git';
import { isQuietNo } from './git-command-error.js';

export async function quietProbe(git: SimpleGit, args: string[]): Promise<string | undefined> {
  try {
    const output = (await git.raw(args)).trim();
    return output === '' ? undefined : output;
  } catch (error) {
    if (isQuietNo(error)) return undefined;
    throw error;
  }
}
