/**
 * The git snapshot's contract. The modes are listed in core/git-modes.ts.
 * `ref` records tracked files (untracked ones too with `untracked: include`, minus ignored and
 * secret-looking ones, see stage-working-tree.ts).
 */
import type { GitMode } from '../core/git-modes.js';

export type { GitMode };

/** Untracked files in the snapshot: never (`exclude`, the default) or minus secret-looking ones (`include`). */
export type UntrackedPolicy = 'exclude' | 'include';

export interface SnapshotOptions {
  cwd: string;
  mode: GitMode;
  executionId: string;
  iteration: number;
  /** Running in CI: push is refused. */
  ci: boolean;
  /** Ref namespace for `ref` mode. Default refs/etl-cycle. */
  refPrefix?: string;
  /** Remote for `push`. Default: the branch's upstream remote, else origin. */
  remote?: string;
  /** Commit message (commit/push modes; also the side commit's message). */
  message?: string;
  /** Default `exclude` (see stage-working-tree.ts for why). */
  untracked?: UntrackedPolicy;
}

/**
 * `recorded`: ref mode wrote a new side commit. `unchanged`: the work tree equals HEAD — in ref
 * mode the side ref then points at HEAD itself (so every iteration still has a ref and a sha),
 * in commit/push mode no commit was made (and nothing pushed). `committed` also covers push
 * mode when the push was skipped in CI (see `message`).
 */
export type SnapshotStatus = 'recorded' | 'committed' | 'pushed' | 'unchanged' | 'skipped' | 'not_a_repository' | 'failed';

export interface SnapshotResult {
  status: SnapshotStatus;
  /** Commit sha recorded (ref mode), created (commit/push) or HEAD when nothing changed. */
  sha?: string;
  /** The side ref written (ref mode). */
  ref?: string;
  /** Why it was skipped or failed, or a warning worth a log line (push refused in CI...). */
  message?: string;
  durationMs: number;
}
