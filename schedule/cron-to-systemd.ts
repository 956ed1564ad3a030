/**
 * A cron expression as systemd timer calendar events (OnCalendar=, systemd.time(7)). Lists stay
 * lists, `a-b` becomes `a..b`, `*\/n` becomes `start/n`, a stepped range becomes its values, and
 * weekdays become names. Where cron and systemd differ in meaning, the conversion keeps cron's:
 * with both day of month and weekday restricted, cron runs when EITHER matches and systemd
 * when both do, so that expression becomes two OnCalendar= lines (a timer fires on any of them).
 * A time zone is written after each event (systemd 235 and later).
 */
import { cronFields } from './cron-fields.js';

interface FieldKind {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const SECOND: FieldKind = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldKind = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldKind = { name: 'hour', min: 0, max: 23 };
const DAY: FieldKind = { name: 'day of month', min: 1, max: 31 };
const MONTH: FieldKind = {
  name: 'month',
  min: 1,
  max: 12,
  names: ['', 'JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
};
const WEEKDAY: FieldKind = { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] };
/** systemd's weekday names in its own order (Monday first); cron's 0 and 7 are both Sunday. */
const SYSTEMD_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function cronToOnCalendar(expression: string, timezone?: string): string[] {
  const f = cronFields(expression, 'systemd');
  const time = [convert(f.hour, HOUR), convert(f.minute, MINUTE), convert(f.seconds ?? '0', SECOND)].join(':');
  const month = convert(f.month, MONTH);
  const dayRestricted = f.dayOfMonth !== '*';
  const weekdayRestricted = f.dayOfWeek !== '*';
  const event = (day: string, weekdays: string | undefined) =>
    `${weekdays ? `${weekdays} ` : ''}*-${month}-${day} ${time}${timezone ? ` ${timezone}` : ''}`;
  const days = convert(f.dayOfMonth, DAY);
  const weekdays = weekdayRestricted ? weekdayNames(f.dayOfWeek) : undefined;
  if (dayRestricted && weekdayRestricted) return [event(days, undefined), event('*', weekdays)];
  return [event(days, weekdays)];
}

function value(text: string, kind: FieldKind): number {
  const index = kind.names?.indexOf(text.toUpperCase()) ?? -1;
  return index > 0 || (index === 0 && kind === WEEKDAY) ? index : Number(text);
}

function pad(n: number, kind: FieldKind): string {
  return kind === SECOND || kind === MINUTE || kind === HOUR || kind === DAY || kind === MONTH ? String(n).padStart(2, '0') : String(n);
}

/** The values of one item (`5`, `1-5`, `*\/15`, `10-40/10`), for fields systemd cannot step. */
function values(item: string, kind: FieldKind): number[] {
  const [range, stepText] = item.split('/');
  const step = stepText === undefined ? 1 : Number(stepText);
  const [from, to] =
    range === '*'
      ? [kind.min, kind === WEEKDAY ? 6 : kind.max]
      : range!.includes('-')
        ? range!.split('-').map((v) => value(v, kind))
        : [value(range!, kind), undefined];
  const last = to ?? (stepText === undefined ? from! : kind.max);
  const out: number[] = [];
  for (let n = from!; n <= last; n += step) out.push(n);
  return out;
}

/** One numeric field in systemd's syntax. */
function convert(field: string, kind: FieldKind): string {
  const items = field.split(',');
  if (items.includes('*')) return '*';
  return items
    .map((item) => {
      const [range, step] = item.split('/');
      if (range === '*' && step !== undefined) return `${pad(kind.min, kind)}/${step}`;
      if (step !== undefined)
        return values(item, kind)
          .map((n) => pad(n, kind))
          .join(',');
      if (range!.includes('-')) {
        const [from, to] = range!.split('-').map((v) => value(v, kind));
        return `${pad(from!, kind)}..${pad(to!, kind)}`;
      }
      return pad(value(range!, kind), kind);
    })
    .join(',');
}

/** Weekdays as systemd names, runs of consecutive days (Monday first) written as ranges. */
function weekdayNames(field: string): string {
  const days = new Set(field.split(',').flatMap((item) => values(item, WEEKDAY).map((n) => (n + 6) % 7)));
  const sorted = [...days].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
    runs.push(
      j - i >= 2
        ? `${SYSTEMD_DAYS[sorted[i]!]}..${SYSTEMD_DAYS[sorted[j]!]}`
        : sorted
            .slice(i, j + 1)
            .map((d) => SYSTEMD_DAYS[d])
            .join(','),
    );
    i = j + 1;
  }
  return runs.join(',');
}
