/**
 * git's exit code on a failed command. simple-git turns whatever an error handler returns into
 * its own GitError unless it already is one, so the code travels as a property on simple-git's
 * GitError. Probes (does HEAD exist? is HEAD on a branch?) branch on the code, never on git's
 * message text, which is translated.
 */
import { GitError } from 'simple-git';

const EXIT_CODE = Symbol('etl-cycle.gitExitCode');

type WithExitCode = GitError & { [EXIT_CODE]: number };

export function gitCommandError(exitCode: number, output: string): GitError {
  const error = new GitError(undefined, output === '' ? `git exited with code ${exitCode}` : output) as WithExitCode;
  error[EXIT_CODE] = exitCode;
  return error;
}

/** git's exit code when `error` is a git command that ran and failed; undefined otherwise. */
export function gitExitCodeOf(error: unknown): number | undefined {
  return error instanceof GitError ? (error as Partial<WithExitCode>)[EXIT_CODE] : undefined;
}

/** The quiet "no" of `rev-parse -q --verify`, `symbolic-ref -q`, `config --get`: exit 1, no output. */
export function isQuietNo(error: unknown): boolean {
  return gitExitCodeOf(error) === 1 && (error as Error).message === 'git exited with code 1';
}
