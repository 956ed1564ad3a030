/**
 * The scheduling rules alone, with tasks whose end the test decides (no processes, no clocks):
 * dependencies first, the worker limit, skips with reasons, critical vs non-critical, continue
 * on failure, resumed tasks, aborts.
 */
import { describe, expect, it } from 'vitest';
import { AbortedError } from '../../../core/errors.js';
import { scheduleTasks } from '../../../orchestrator/schedule-tasks.js';
import type { ScheduleEntry, ScheduledTask, ScheduleOptions } from '../../../orchestrator/schedule-tasks.js';
import type { AttemptOutcome } from '../../../orchestrator/types.js';

const task = (id: string, dependsOn: string[] = [], critical = true): ScheduledTask => ({ id, dependsOn, critical });

/** Tasks that end when the test says so; records starts, ends and the most running at once. */
class ControlledRuns {
  readonly started: string[] = [];
  readonly events: string[] = [];
  running = 0;
  peak = 0;
  private readonly finishers = new Map<string, (outcome: AttemptOutcome) => void>();

  run = (id: string): Promise<AttemptOutcome> => {
    this.started.push(id);
    this.events.push(`start ${id}`);
    this.running += 1;
    this.peak = Math.max(this.peak, this.running);
    return new Promise((resolve) => {
      this.finishers.set(id, (outcome) => {
        this.running -= 1;
        this.events.push(`end ${id}`);
        resolve(outcome);
      });
    });
  };

  /** Ends a running task, then lets the scheduler react. */
  async end(id: string, outcome: AttemptOutcome = { status: 'succeeded' }): Promise<void> {
    const finish = this.finishers.get(id);
    if (!finish) throw new Error(`${id} is not running (started: ${this.started.join(', ')})`);
    this.finishers.delete(id);
    finish(outcome);
    await settle();
  }

  runningIds(): string[] {
    return [...this.finishers.keys()];
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
};

function schedule(runs: ControlledRuns, options: Partial<ScheduleOptions> & { tasks: ScheduledTask[] }) {
  const skipped: string[] = [];
  const done = scheduleTasks({
    maxWorkers: 1,
    continueOnFailure: false,
    run: runs.run,
    onSkip: (id, reason) => skipped.push(`${id}: ${reason}`),
    ...options,
  });
  return { done, skipped };
}

const statusOf = (entry: ScheduleEntry | undefined) => (entry?.kind === 'ran' ? entry.outcome.status : entry?.kind);

describe('scheduleTasks', () => {
  it('runs one at a time in order when maxWorkers is 1, each after its dependencies', async () => {
    const runs = new ControlledRuns();
    const { done } = schedule(runs, { tasks: [task('users'), task('schema', ['users']), task('load', ['schema']), task('report')] });
    await settle();
    expect(runs.runningIds()).toEqual(['users']);
    await runs.end('users');
    expect(runs.runningIds()).toEqual(['schema']);
    await runs.end('schema');
    await runs.end('load');
    await runs.end('report');
    const result = await done;
    expect(runs.started).toEqual(['users', 'schema', 'load', 'report']);
    expect(result.stopReason).toBe('completed');
    expect([...result.entries.values()].every((e) => statusOf(e) === 'succeeded')).toBe(true);
  });

  it('never runs more than maxWorkers at once, and starts the next ready task as soon as a slot frees', async () => {
    const runs = new ControlledRuns();
    const tasks = ['a', 'b', 'c', 'd', 'e'].map((id) => task(id)).concat(task('f', ['a', 'b']));
    const { done } = schedule(runs, { tasks, maxWorkers: 2 });
    await settle();
    expect(runs.runningIds()).toEqual(['a', 'b']);
    await runs.end('b');
    expect(runs.runningIds()).toEqual(['a', 'c']);
    await runs.end('a');
    // f is ready now too, but it comes after d and e in the order.
    expect(runs.runningIds()).toEqual(['c', 'd']);
    for (const id of ['c', 'd', 'e', 'f']) await runs.end(id);
    await done;
    expect(runs.peak).toBe(2);
    expect(runs.started).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('skips what depends on a failed task, with the reason, through whole chains', async () => {
    const runs = new ControlledRuns();
    const { done, skipped } = schedule(runs, {
      tasks: [task('extract', [], false), task('load', ['extract']), task('validate', ['load']), task('other')],
    });
    await settle();
    await runs.end('extract', { status: 'failed', error: 'exit code 1' });
    await runs.end('other');
    const result = await done;
    expect(skipped).toEqual(['load: dependency extract failed', 'validate: dependency load was skipped']);
    expect(statusOf(result.entries.get('other'))).toBe('succeeded');
    expect(result.stopReason).toBe('completed');
  });

  it('says when the dependency timed out', async () => {
    const runs = new ControlledRuns();
    const { done, skipped } = schedule(runs, { tasks: [task('slow', [], false), task('next', ['slow'])] });
    await settle();
    await runs.end('slow', { status: 'timed_out', error: 'timed out after 1s' });
    await done;
    expect(skipped).toEqual(['next: dependency slow timed out']);
  });

  it('stops after a failed critical task: nothing new starts, running tasks finish', async () => {
    const runs = new ControlledRuns();
    const { done, skipped } = schedule(runs, { tasks: [task('a'), task('b'), task('c'), task('d', ['a'])], maxWorkers: 2 });
    await settle();
    await runs.end('a', { status: 'failed', error: 'exit code 3' });
    // b keeps running; c (independent) and d (dependent) are not started.
    expect(runs.runningIds()).toEqual(['b']);
    expect(skipped).toEqual(['c: the run stopped: critical task a failed', 'd: dependency a failed']);
    await runs.end('b');
    const result = await done;
    expect(result.stopReason).toBe('critical_failure');
    expect(statusOf(result.entries.get('b'))).toBe('succeeded');
  });

  it('with continueOnFailure, a failed critical task skips only its dependents', async () => {
    const runs = new ControlledRuns();
    const { done, skipped } = schedule(runs, {
      tasks: [task('a'), task('b'), task('c', ['a']), task('d', ['b'])],
      continueOnFailure: true,
    });
    await settle();
    await runs.end('a', { status: 'failed' });
    await runs.end('b');
    await runs.end('d');
    const result = await done;
    expect(runs.started).toEqual(['a', 'b', 'd']);
    expect(skipped).toEqual(['c: dependency a failed']);
    expect(result.stopReason).toBe('completed');
  });

  it('a failed non-critical task does not stop the run', async () => {
    const runs = new ControlledRuns();
    const { done } = schedule(runs, { tasks: [task('optional', [], false), task('main')] });
    await settle();
    await runs.end('optional', { status: 'failed' });
    await runs.end('main');
    expect((await done).stopReason).toBe('completed');
  });

  it('counts carried (resumed) tasks as done and never runs them', async () => {
    const runs = new ControlledRuns();
    const { done } = schedule(runs, {
      tasks: [task('users'), task('schema', ['users']), task('load', ['schema'])],
      carried: new Set(['users', 'schema']),
    });
    await settle();
    expect(runs.runningIds()).toEqual(['load']);
    await runs.end('load');
    const result = await done;
    expect(runs.started).toEqual(['load']);
    expect(result.entries.get('users')).toEqual({ kind: 'carried' });
  });

  it('on abort skips everything not started and waits for the running tasks', async () => {
    const runs = new ControlledRuns();
    const controller = new AbortController();
    const { done, skipped } = schedule(runs, { tasks: [task('a'), task('b'), task('c', ['a'])], signal: controller.signal });
    await settle();
    controller.abort(new AbortedError('signal', 'SIGTERM'));
    await settle();
    expect(skipped).toEqual(['b: the run was stopped by SIGTERM', 'c: the run was stopped by SIGTERM']);
    await runs.end('a', { status: 'aborted', error: 'aborted' });
    const result = await done;
    expect(result.stopReason).toBe('aborted');
    expect(statusOf(result.entries.get('a'))).toBe('aborted');
  });

  it('starts nothing when already aborted', async () => {
    const runs = new ControlledRuns();
    const controller = new AbortController();
    controller.abort(new AbortedError('signal', 'SIGINT'));
    const result = await schedule(runs, { tasks: [task('a')], signal: controller.signal }).done;
    expect(runs.started).toEqual([]);
    expect(result).toMatchObject({ stopReason: 'aborted' });
    expect(result.entries.get('a')).toEqual({ kind: 'skipped', reason: 'the run was stopped by SIGINT' });
  });

  it('treats a run that throws as a failed task', async () => {
    const result = await scheduleTasks({
      tasks: [task('broken'), task('after', ['broken'])],
      maxWorkers: 1,
      continueOnFailure: false,
      run: async () => {
        throw new Error('runner bug');
      },
    });
    expect(result.entries.get('broken')).toEqual({ kind: 'ran', outcome: { status: 'failed', error: 'runner bug' } });
    expect(result.entries.get('after')).toEqual({ kind: 'skipped', reason: 'dependency broken failed' });
  });

  it('finishes at once with nothing to run', async () => {
    expect(await scheduleTasks({ tasks: [], maxWorkers: 3, continueOnFailure: false, run: async () => ({ status: 'succeeded' }) })).toEqual(
      { entries: new Map(), stopReason: 'completed' },
    );
  });
});
