/**
 * Stops a child's process group at most once and remembers why. Timeout, abort, a throwing
 * callback and leftover background processes can all ask; the first reason wins, so a run
 * that timed out and was then aborted during the kill grace still reports `timedOut`.
 */
import { terminateProcessGroup } from './terminate-process-group.js';

export type StopReason = 'timeout' | 'abort' | 'callback' | 'leftovers';

export class GroupStopper {
  private groupId: number | undefined;
  private termination: Promise<unknown> | undefined;
  private stopReason: StopReason | undefined;

  constructor(private readonly graceMs: number) {}

  /** The group to stop; before this, `stop` has nothing to act on and is ignored. */
  attach(groupId: number): void {
    this.groupId = groupId;
  }

  stop(reason: StopReason): void {
    if (this.termination !== undefined || this.groupId === undefined) return;
    this.stopReason = reason;
    this.termination = terminateProcessGroup(this.groupId, this.graceMs);
  }

  get reason(): StopReason | undefined {
    return this.stopReason;
  }

  get stopping(): boolean {
    return this.termination !== undefined;
  }

  /** Resolves when a requested stop has finished (at once when none was requested). */
  async settled(): Promise<void> {
    await this.termination;
  }
}
