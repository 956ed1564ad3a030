/** The tree id of a commit: two commits with the same tree record the same files. */
import type { SimpleGit } from 'simple-git';

export async function treeOf(git: SimpleGit, commit: string): Promise<string> {
  return (await git.raw(['rev-parse', `${commit}^{tree}`])).trim();
}
