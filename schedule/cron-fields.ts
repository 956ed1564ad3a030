/**
 * A cron expression taken apart into its fields, for the formats that do not read cron the way
 * croner does: crontab and GitHub Actions take five plain POSIX fields, systemd a calendar of
 * its own (cron-to-systemd.ts). Nicknames (@daily) become their five fields; croner's
 * extensions (L, W, #) are refused here with one line saying what the format cannot do.
 */
import { UsageError } from '../core/errors.js';
import { cronProblem } from '../core/cron.js';

export interface CronFields {
  /** undefined for a five-field expression (seconds = 0). */
  seconds?: string;
  minute: string;
  hour: string;
  dayOfMonth: string;
  month: string;
  dayOfWeek: string;
}

const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Month and weekday names (JUL and WED hold an L and a W that are not croner's). */
const NAMES = /\b(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT)\b/gi;

/** The fields of a valid expression; `format` names the target in the refusal. */
export function cronFields(expression: string, format: string): CronFields {
  const text = expression.trim();
  const problem = cronProblem(text);
  if (problem) throw new UsageError(`cron expression ${JSON.stringify(expression)}: ${problem}`);
  const parts = (NICKNAMES[text.toLowerCase()] ?? text).split(/\s+/).map((part) => part.replace(/^\?$/, '*'));
  const extension = parts.find((part) => /[LW#]/i.test(part.replace(NAMES, '')));
  if (extension !== undefined)
    throw new UsageError(
      `cron expression ${JSON.stringify(expression)}: ${format} cannot express ${JSON.stringify(extension)} (L, W and # are croner extensions); use plain fields`,
    );
  const [seconds, minute, hour, dayOfMonth, month, dayOfWeek] = parts.length === 6 ? parts : [undefined, ...parts];
  return { seconds, minute: minute!, hour: hour!, dayOfMonth: dayOfMonth!, month: month!, dayOfWeek: dayOfWeek! };
}

/** The five POSIX fields crontab and GitHub Actions read; a seconds field is refused. */
export function fiveFields(expression: string, format: string): string {
  const fields = cronFields(expression, format);
  if (fields.seconds !== undefined && fields.seconds !== '0')
    throw new UsageError(
      `cron expression ${JSON.stringify(expression)}: ${format} has no seconds field; use five fields, e.g. "0 2 * * *"`,
    );
  return [fields.minute, fields.hour, fields.dayOfMonth, fields.month, fields.dayOfWeek].join(' ');
}
