/**
 * What a push sends, from the lines git gives a pre-push hook on stdin:
 *   <local ref> SP <local sha> SP <remote ref> SP <remote sha> LF
 * A deletion (`git push origin :branch`) has an all-zero local sha and sends nothing to test.
 * The pre-commit framework runs pre-push hooks without stdin and names the pushed commit in
 * PRE_COMMIT_TO_REF instead.
 */

export interface PushedRef {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

const ZERO_SHA = /^0+$/;

export function parsePrePushInput(text: string): PushedRef[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [localRef = '', localSha = '', remoteRef = '', remoteSha = ''] = line.split(/\s+/);
      return { localRef, localSha, remoteRef, remoteSha };
    })
    .filter((ref) => /^[0-9a-f]{7,64}$/i.test(ref.localSha));
}

export function isDeletion(ref: PushedRef): boolean {
  return ZERO_SHA.test(ref.localSha);
}

/** The distinct commits to test, in push order: one per pushed ref, deletions left out. */
export function commitsToTest(refs: readonly PushedRef[]): { sha: string; refs: string[] }[] {
  const bySha = new Map<string, string[]>();
  for (const ref of refs) {
    if (isDeletion(ref)) continue;
    bySha.set(ref.localSha, [...(bySha.get(ref.localSha) ?? []), ref.remoteRef]);
  }
  return [...bySha].map(([sha, remoteRefs]) => ({ sha, refs: remoteRefs }));
}

/** What to test: the refs on stdin; else the pre-commit framework's PRE_COMMIT_TO_REF; else HEAD (a manual run). */
export function pushedCommits(stdinText: string | undefined, env: NodeJS.ProcessEnv): { sha: string; refs: string[] }[] {
  if (stdinText !== undefined && stdinText.trim() !== '') return commitsToTest(parsePrePushInput(stdinText));
  if (env.PRE_COMMIT_TO_REF) return [{ sha: env.PRE_COMMIT_TO_REF, refs: [env.PRE_COMMIT_REMOTE_BRANCH ?? env.PRE_COMMIT_TO_REF] }];
  if (stdinText !== undefined) return []; // git ran the hook with nothing to push (stdin empty)
  return [{ sha: 'HEAD', refs: ['HEAD'] }];
}
