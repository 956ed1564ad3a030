/**
 * Commits need an author and a committer. The user's own identity wins wherever git can find
 * one (GIT_AUTHOR_* variables, user.* / author.* / committer.* config); only the roles git
 * cannot fill get etl-cycle's, through environment variables for our own commands — never by
 * writing git config, which would outlive the run and change the user's future commits.
 */
import type { SimpleGit } from 'simple-git';
import { gitExitCodeOf } from './git-command-error.js';

export const FALLBACK_NAME = 'etl-cycle';
export const FALLBACK_EMAIL = 'etl-cycle@localhost';

export async function fallbackIdentity(git: SimpleGit): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  if (!(await hasIdentity(git, 'GIT_AUTHOR_IDENT')))
    Object.assign(env, { GIT_AUTHOR_NAME: FALLBACK_NAME, GIT_AUTHOR_EMAIL: FALLBACK_EMAIL });
  if (!(await hasIdentity(git, 'GIT_COMMITTER_IDENT')))
    Object.assign(env, { GIT_COMMITTER_NAME: FALLBACK_NAME, GIT_COMMITTER_EMAIL: FALLBACK_EMAIL });
  return env;
}

/** `git var` fails exactly when a commit would fail with "Please tell me who you are". */
async function hasIdentity(git: SimpleGit, role: 'GIT_AUTHOR_IDENT' | 'GIT_COMMITTER_IDENT'): Promise<boolean> {
  try {
    await git.raw(['var', role]);
    return true;
  } catch (error) {
    // git ran and refused: no identity. Anything else (git missing) is a real failure.
    if (gitExitCodeOf(error) !== undefined) return false;
    throw error;
  }
}
