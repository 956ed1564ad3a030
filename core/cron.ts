/**
 * Cron expressions, on croner (the only file that imports it): checking one (the config's
 * schedule.cron, `schedule print`), the times it names in a time zone, and a timer that fires on
 * them. Five fields (minute precision, as crontab) or six (a leading seconds field); nicknames
 * such as @daily. Day of month and day of week combine with OR when both are restricted, as in
 * Vixie cron, so an expression means here what it means in a crontab.
 */
import { Cron } from 'croner';

export interface CronOptions {
  /** An IANA zone such as Europe/Berlin; undefined = the machine's local time. */
  timezone?: string;
}

/** Why `expression` (or `timezone`) cannot be used, in a few words, or undefined when both are fine. */
export function cronProblem(expression: string, timezone?: string): string | undefined {
  if (timezone !== undefined) {
    const zone = timeZoneProblem(timezone);
    if (zone) return zone;
  }
  try {
    new Cron(expression, { ...cronOptions({ timezone }), paused: true }).stop();
    return undefined;
  } catch (error) {
    return `not a cron expression (${(error as Error).message.replace(/^CronPattern: /, '')})`;
  }
}

/** Why `timezone` is not a time zone Node knows, or undefined. */
export function timeZoneProblem(timezone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return undefined;
  } catch {
    return `unknown time zone ${JSON.stringify(timezone)} (use an IANA name such as Europe/Berlin or UTC)`;
  }
}

/** The newest time the expression named at or before `now`, or undefined when it never did. */
export function previousCronTime(expression: string, now: Date, options: CronOptions = {}): Date | undefined {
  const job = new Cron(expression, { ...cronOptions(options), paused: true });
  try {
    return job.previousRuns(1, now)[0];
  } finally {
    job.stop();
  }
}

/** The next `count` times the expression names after `from`. */
export function nextCronTimes(expression: string, count: number, from: Date, options: CronOptions = {}): Date[] {
  const job = new Cron(expression, { ...cronOptions(options), paused: true });
  try {
    return job.nextRuns(count, from);
  } finally {
    job.stop();
  }
}

export interface CronTimer {
  /** When it fires next (null when never again). */
  next(): Date | null;
  stop(): void;
}

/**
 * Calls `onTime` with the scheduled time at every time the expression names. The callback's
 * promise is not awaited by the timer: the caller decides what a tick during a long job does.
 * unref: the timer alone does not keep the process alive (a server's socket does).
 */
export function startCronTimer(expression: string, options: CronOptions, onTime: (scheduledAt: Date) => void): CronTimer {
  const job: Cron = new Cron(expression, { ...cronOptions(options), unref: true }, () => {
    // currentRun() is the time this tick was scheduled for (the callback may start a little later).
    onTime(job.currentRun() ?? new Date());
  });
  return { next: () => job.nextRun(), stop: () => job.stop() };
}

function cronOptions(options: CronOptions): { timezone?: string; mode: '5-or-6-parts'; domAndDow: false } {
  return { ...(options.timezone === undefined ? {} : { timezone: options.timezone }), mode: '5-or-6-parts', domAndDow: false };
}
