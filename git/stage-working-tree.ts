/**
 * Stages what a snapshot records into the index `git` works on (the private index of ref mode,
 * the user's in commit mode): every change to tracked files (deletions too), and — only when
 * git.untracked is `include` — the untracked files, minus ignored ones (git's own rules) and
 * minus secret-looking ones (secret-paths.ts). Returns what was left out, for the snapshot's
 * message.
 *
 * Why exclude by default: untracked files are the ones the user never chose to version — local
 * env files, keys, dumps. A snapshot writes what it stages into the repository's objects (and
 * commit/push mode onto the branch and the remote), where a secret is hard to take back.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { looksSecret } from './secret-paths.js';
import type { UntrackedPolicy } from './types.js';

export interface StagedUntracked {
  /** Untracked files recorded. */
  included: number;
  /** Untracked files left out because they look like secrets. */
  secretLooking: string[];
  /** Untracked files left out because git.untracked is `exclude`. */
  excluded: number;
}

export async function stageWorkingTree(git: SimpleGit, policy: UntrackedPolicy): Promise<StagedUntracked> {
  await git.raw(['add', '--update']);
  // --exclude-standard: .gitignore, .git/info/exclude and core.excludesFile, as `git add` applies them.
  const untracked = (await git.raw(['ls-files', '--others', '--exclude-standard', '-z'])).split('\0').filter(Boolean);
  const secretLooking = untracked.filter(looksSecret);
  if (policy === 'exclude') return { included: 0, secretLooking, excluded: untracked.length - secretLooking.length };
  const wanted = untracked.filter((path) => !looksSecret(path));
  if (wanted.length > 0) {
    // A list file, not arguments: thousands of new files must not hit the argument length limit.
    const scratch = await mkdtemp(join(tmpdir(), 'etl-cycle-pathspec-'));
    try {
      const list = join(scratch, 'paths');
      await writeFile(list, `${wanted.join('\0')}\0`);
      await git.raw(['--literal-pathspecs', 'add', `--pathspec-from-file=${list}`, '--pathspec-file-nul']);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  return { included: wanted.length, secretLooking, excluded: 0 };
}

/** One line for the snapshot's message, or undefined when nothing untracked was left out. */
export function describeLeftOut(staged: StagedUntracked): string | undefined {
  const parts: string[] = [];
  if (staged.secretLooking.length > 0) {
    const shown = staged.secretLooking.slice(0, 5).join(', ');
    parts.push(`${staged.secretLooking.length} secret-looking (${shown}${staged.secretLooking.length > 5 ? ', ...' : ''}), never recorded`);
  }
  if (staged.excluded > 0) parts.push(`${staged.excluded} left out by git.untracked: exclude`);
  return parts.length ? `untracked files not in the snapshot: ${parts.join('; ')}` : undefined;
}
