/**
 * The git snapshot modes, one list for the config schema, the --git flag and git/:
 * - `ref` (default): record the working tree as a commit on a side ref
 *   (refs/etl-cycle/<execution>/<iteration>) without touching the user's branch, index, stash
 *   or config;
 * - `commit`: commit changes on the current branch (the predecessor's behaviour);
 * - `push`: like commit, then push — never when running in CI;
 * - `off`: do nothing.
 */
export const GIT_MODES = ['ref', 'commit', 'push', 'off'] as const;

export type GitMode = (typeof GIT_MODES)[number];
