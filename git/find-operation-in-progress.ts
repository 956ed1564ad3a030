/**
 * A merge, rebase, cherry-pick or revert the user has not finished. Committing with `add -A`
 * in the middle of one would record conflict markers as resolved or conclude the user's
 * merge for them, so commit mode refuses; ref mode never touches the branch and goes ahead.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';

const MARKERS: ReadonlyArray<readonly [file: string, operation: string]> = [
  ['MERGE_HEAD', 'a merge'],
  ['rebase-merge', 'a rebase'],
  ['rebase-apply', 'a rebase or git am'],
  ['CHERRY_PICK_HEAD', 'a cherry-pick'],
  ['REVERT_HEAD', 'a revert'],
];

export async function findOperationInProgress(gitDir: string): Promise<string | undefined> {
  for (const [file, operation] of MARKERS) {
    if (
      await access(join(gitDir, file)).then(
        () => true,
        () => false,
      )
    )
      return operation;
  }
  return undefined;
}
