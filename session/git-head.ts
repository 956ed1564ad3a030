/** The commit and branch a run started from, for the ledger (null outside a repository or without git). */
import { createGitClient } from '../git/create-git-client.js';
import { locateRepository } from '../git/locate-repository.js';
import { readHead } from '../git/read-head.js';

export async function gitHeadOf(dir: string): Promise<{ sha: string | null; branch: string | null }> {
  try {
    const located = await locateRepository(dir);
    if (located.kind !== 'repository') return { sha: null, branch: null };
    const head = await readHead(createGitClient(located.repository.root));
    return { sha: head.sha ?? null, branch: head.branch ?? null };
  } catch {
    return { sha: null, branch: null };
  }
}
