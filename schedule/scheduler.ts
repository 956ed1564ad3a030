/**
 * The scheduler of `serve --schedule`: starts a run at every time a cron expression names (in a
 * time zone), never two at once — a tick while a run is going on (its own, or one started
 * through the API or by another process) is skipped and reported — and, with catch-up, runs
 * once on start when a scheduled time passed while nothing was there to run it.
 *
 * It knows nothing of the ledger or the agent: the caller passes how to read the last scheduled
 * run, how to tell whether one is going on, how to start one, and where skipped ticks go
 * (cli/schedule/ledger-schedule.ts gives the ledger's side).
 */
import { errorMessage } from '../core/errors.js';
import { previousCronTime, startCronTimer } from '../core/cron.js';

export interface ScheduleTick {
  /** The time the expression named. */
  scheduledAt: Date;
  firedAt: Date;
  /** Run on start for a time missed while down (schedule.catch_up). */
  catchUp: boolean;
}

export interface SchedulerOptions {
  cron: string;
  timezone?: string;
  catchUp: boolean;
  /** The newest scheduled time already handled (run or skipped; epoch ms, the ledger's), undefined = none yet. */
  lastTickAt: () => Promise<number | undefined>;
  /** Whether a run is going on that this scheduler did not start (the API's, another process's). */
  isRunning: () => boolean | Promise<boolean>;
  /** Starts a run and resolves when it has ended. A rejection is reported to onError. */
  startRun: (tick: ScheduleTick) => Promise<unknown>;
  onSkipped: (tick: ScheduleTick, reason: string) => void | Promise<void>;
  onError?: (error: unknown, tick: ScheduleTick) => void;
  now?: () => Date;
}

export interface Scheduler {
  /** Settles once the catch-up decision is made (and a catch-up run, if any, has started). */
  readonly ready: Promise<void>;
  /** When the next tick is due. */
  nextRun(): Date | null;
  /** A run this scheduler started is going on. */
  busy(): boolean;
  /** Stops the timer (a run going on is left to end). */
  stop(): void;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const now = options.now ?? (() => new Date());
  let current: Promise<void> | undefined;
  let stopped = false;

  const fire = async (tick: ScheduleTick): Promise<void> => {
    if (stopped) return;
    try {
      if (current) return await options.onSkipped(tick, 'the run started by the previous tick is still going on');
      if (await options.isRunning()) return await options.onSkipped(tick, 'a run is going on');
    } catch (error) {
      return options.onError?.(error, tick);
    }
    // Set before any await, so a tick arriving while this one starts sees it.
    current = options
      .startRun(tick)
      .then(
        () => undefined,
        (error: unknown) => options.onError?.(error, tick),
      )
      .finally(() => {
        current = undefined;
      });
  };

  const timer = startCronTimer(options.cron, { timezone: options.timezone }, (scheduledAt) => {
    void fire({ scheduledAt, firedAt: now(), catchUp: false });
  });

  const ready = (async () => {
    if (!options.catchUp) return;
    const at = now();
    const missed = await missedTick(options, at).catch((error: unknown) => {
      options.onError?.(new Error(`schedule: cannot tell whether a run was missed (${errorMessage(error)})`), {
        scheduledAt: at,
        firedAt: at,
        catchUp: true,
      });
      return undefined;
    });
    if (missed) await fire({ scheduledAt: missed, firedAt: now(), catchUp: true });
  })();

  return {
    ready,
    nextRun: () => timer.next(),
    busy: () => current !== undefined,
    stop: () => {
      stopped = true;
      timer.stop();
    },
  };
}

/**
 * The scheduled time missed while down: the expression's newest time before now, when the
 * newest scheduled run in the ledger is older than it. No scheduled run at all is a first
 * start, not a miss.
 */
export async function missedTick(
  options: Pick<SchedulerOptions, 'cron' | 'timezone' | 'lastTickAt'>,
  now: Date,
): Promise<Date | undefined> {
  const previous = previousCronTime(options.cron, now, { timezone: options.timezone });
  if (!previous) return undefined;
  const last = await options.lastTickAt();
  return last !== undefined && last < previous.getTime() ? previous : undefined;
}
