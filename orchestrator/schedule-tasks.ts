/**
 * Runs tasks as their dependencies allow, never more than `maxWorkers` at once: a task starts
 * when every dependency succeeded, and is skipped (with the reason) when one did not. A failed
 * critical task stops the execution (tasks not yet started are skipped, running ones finish)
 * unless `continueOnFailure`, when only what depends on it is skipped; a failed non-critical
 * task only skips its dependents. An abort skips everything not started and waits for the
 * running tasks, which see the same signal and stop.
 *
 * It knows nothing about what a task does: `run` does the work and must report how it ended
 * (it is treated as a failure if it throws). That keeps the scheduling rules testable alone.
 */
import { errorMessage } from '../core/errors.js';
import type { AttemptOutcome, OrchestrationStopReason } from './types.js';

export interface ScheduledTask {
  id: string;
  dependsOn: readonly string[];
  critical: boolean;
}

export type ScheduleEntry =
  | { kind: 'ran'; outcome: AttemptOutcome }
  | { kind: 'skipped'; reason: string }
  /** Succeeded in an earlier execution (--resume): counts as done, never runs. */
  | { kind: 'carried' };

export interface ScheduleOptions {
  /** In topological order (dependencies first). */
  tasks: readonly ScheduledTask[];
  maxWorkers: number;
  continueOnFailure: boolean;
  carried?: ReadonlySet<string>;
  signal?: AbortSignal;
  run(id: string): Promise<AttemptOutcome>;
  onSkip?(id: string, reason: string): void;
}

export interface ScheduleResult {
  entries: Map<string, ScheduleEntry>;
  stopReason: OrchestrationStopReason;
}

type Stop = { reason: 'critical_failure'; text: string } | { reason: 'aborted'; text: string };

export function scheduleTasks(options: ScheduleOptions): Promise<ScheduleResult> {
  const { signal, continueOnFailure } = options;
  const maxWorkers = Math.max(1, Math.floor(options.maxWorkers));
  const scheduled = new Set(options.tasks.map((task) => task.id));
  const entries = new Map<string, ScheduleEntry>();
  for (const task of options.tasks) if (options.carried?.has(task.id)) entries.set(task.id, { kind: 'carried' });
  let pending = options.tasks.filter((task) => !entries.has(task.id));
  let running = 0;
  let stop: Stop | undefined;

  const satisfied = (id: string): boolean => {
    if (!scheduled.has(id)) return true;
    const entry = entries.get(id);
    return entry?.kind === 'carried' || (entry?.kind === 'ran' && entry.outcome.status === 'succeeded');
  };
  const blockedBy = (task: ScheduledTask): string | undefined => {
    for (const dependency of task.dependsOn) {
      const entry = entries.get(dependency);
      if (!entry || entry.kind === 'carried') continue;
      if (entry.kind === 'skipped') return `dependency ${dependency} was skipped`;
      if (entry.outcome.status !== 'succeeded') return `dependency ${dependency} ${describeEnd(entry.outcome.status)}`;
    }
    return undefined;
  };

  return new Promise((resolve) => {
    const onAbort = (): void => {
      stop ??= { reason: 'aborted', text: `the run was ${errorMessage(signal?.reason ?? 'aborted')}` };
      pump();
    };
    const pump = (): void => {
      // One pass in topological order also skips chains: a skipped task is recorded before its dependents are looked at.
      for (const task of pending) {
        const reason = blockedBy(task) ?? stop?.text;
        if (reason === undefined) continue;
        entries.set(task.id, { kind: 'skipped', reason });
        options.onSkip?.(task.id, reason);
      }
      pending = pending.filter((task) => !entries.has(task.id));
      const ready = pending.filter((task) => task.dependsOn.every(satisfied)).slice(0, Math.max(0, maxWorkers - running));
      pending = pending.filter((task) => !ready.includes(task));
      for (const task of ready) start(task);
      if (running === 0 && pending.length === 0) {
        signal?.removeEventListener('abort', onAbort);
        resolve({ entries, stopReason: stop?.reason ?? 'completed' });
      }
    };
    const start = (task: ScheduledTask): void => {
      running += 1;
      void Promise.resolve()
        .then(() => options.run(task.id))
        .catch((error: unknown): AttemptOutcome => ({ status: 'failed', error: errorMessage(error) }))
        .then((outcome) => {
          running -= 1;
          entries.set(task.id, { kind: 'ran', outcome });
          const failed = outcome.status === 'failed' || outcome.status === 'timed_out';
          if (failed && task.critical && !continueOnFailure)
            stop ??= { reason: 'critical_failure', text: `the run stopped: critical task ${task.id} ${describeEnd(outcome.status)}` };
          pump();
        });
    };
    if (signal?.aborted) onAbort();
    else {
      signal?.addEventListener('abort', onAbort, { once: true });
      pump();
    }
  });
}

function describeEnd(status: AttemptOutcome['status']): string {
  switch (status) {
    case 'timed_out':
      return 'timed out';
    case 'aborted':
      return 'was aborted';
    case 'succeeded':
      return 'succeeded';
    case 'failed':
      return 'failed';
  }
}
