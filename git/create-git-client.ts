/**
 * The one place simple-git is configured. Every git command etl-cycle runs goes through a
 * client made here, so the safety settings below apply to all of them.
 */
import { simpleGit } from 'simple-git';
import type { SimpleGit, SimpleGitOptions } from 'simple-git';
import { gitCommandError } from './git-command-error.js';

/**
 * A git command that prints nothing for this long is considered hung (a credential prompt
 * we cannot answer, a stuck network) and is killed. Generous: hashing a large untracked file
 * prints nothing either.
 */
const SILENCE_TIMEOUT_MS = 5 * 60_000;

const TRUST_INHERITED_ENVIRONMENT: SimpleGitOptions['unsafe'] = {
  allowUnsafeAlias: true,
  allowUnsafeAskPass: true,
  allowUnsafeConfigPaths: true,
  allowUnsafeConfigEnvCount: true,
  allowUnsafeCredentialHelper: true,
  allowUnsafeEditor: true,
  allowUnsafeMergeDriver: true,
  allowUnsafePager: true,
  allowUnsafeSshCommand: true,
  allowUnsafeGitProxy: true,
  allowUnsafeHooksPath: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeDiffTextConv: true,
  allowUnsafeFilter: true,
  allowUnsafeFsMonitor: true,
  allowUnsafeGpgProgram: true,
  allowUnsafeTemplateDir: true,
};

/**
 * `extraEnv` is added to our own environment for every command of this client (simple-git
 * replaces the environment when one is given, so ours is passed along with it).
 */
export function createGitClient(baseDir: string, extraEnv?: Record<string, string>): SimpleGit {
  const git = simpleGit({
    baseDir,
    maxConcurrentProcesses: 1,
    trimmed: false,
    timeout: { block: SILENCE_TIMEOUT_MS },
    // simple-git vets the environment it is *given* (EDITOR, GIT_SSH_COMMAND, GIT_CONFIG_*...)
    // as if it were untrusted input, but never the one a command inherits. What we pass is the
    // inherited environment plus GIT_INDEX_FILE or an identity, so it is vetted no differently
    // from inheriting it: refusing it would break every user who has EDITOR or PAGER set.
    unsafe: extraEnv === undefined ? {} : TRUST_INHERITED_ENVIRONMENT,
    // simple-git only rejects when git exits non-zero *and* wrote to stderr; a hook that fails
    // printing to stdout would pass as success. Any non-zero exit is a failure here, carrying
    // git's exit code (see git-command-error.ts). Other errors (git not found, killed for
    // silence) keep simple-git's own error.
    errors: (error, result) => {
      if (typeof result.exitCode === 'number' && result.exitCode > 0) {
        return gitCommandError(
          result.exitCode,
          Buffer.concat([...result.stdOut, ...result.stdErr])
            .toString('utf8')
            .trim(),
        );
      }
      return error;
    },
  });
  return extraEnv === undefined ? git : git.env({ ...inheritedEnvironment(), ...extraEnv });
}

function inheritedEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
