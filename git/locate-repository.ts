/**
 * Finds the work tree `cwd` belongs to. etl-cycle may be started from any subfolder; the
 * snapshot is always of the whole work tree, so every later command runs from its root.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createGitClient } from './create-git-client.js';

export interface Repository {
  /** Top of the work tree. */
  root: string;
  /** The git directory (for a submodule or a linked worktree, not `<root>/.git`). */
  gitDir: string;
  /** The index file git uses for this work tree (honours GIT_INDEX_FILE). */
  indexFile: string;
}

export type Located =
  { kind: 'repository'; repository: Repository } | { kind: 'not_a_repository'; reason: string } | { kind: 'failed'; reason: string };

export async function locateRepository(cwd: string): Promise<Located> {
  const folder = await stat(cwd).catch(() => undefined);
  if (folder === undefined || !folder.isDirectory()) return { kind: 'failed', reason: `${cwd} is not an existing directory` };
  // Git's messages are matched below, so make sure they are the untranslated ones.
  const git = createGitClient(cwd, { LC_ALL: 'C' });
  let output: string;
  try {
    output = await git.raw(['rev-parse', '--is-inside-work-tree', '--show-toplevel', '--absolute-git-dir', '--git-path', 'index']);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/not a git repository/i.test(message)) return { kind: 'not_a_repository', reason: `${cwd} is not inside a git work tree` };
    if (/must be run in a work tree/i.test(message))
      return { kind: 'not_a_repository', reason: `${cwd} is in a git directory without a work tree (bare repository or .git folder)` };
    throw error;
  }
  const [insideWorkTree, root, gitDir, indexPath] = output.split('\n');
  if (insideWorkTree !== 'true' || !root || !gitDir || !indexPath) {
    return { kind: 'not_a_repository', reason: `${cwd} is not inside a git work tree` };
  }
  // --git-path is relative to the directory git ran in unless it is absolute already.
  return { kind: 'repository', repository: { root, gitDir, indexFile: resolve(cwd, indexPath) } };
}
