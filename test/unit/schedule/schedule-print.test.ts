/**
 * The files of `schedule print`: a crontab line, systemd units whose OnCalendar= fires exactly
 * when croner says the cron expression does (checked with systemd-analyze where it is
 * installed), and a GitHub workflow read back as YAML.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { crontabEntry, githubScheduleWarning, githubScheduleWorkflow, systemdUnits } from '../../../cli/schedule/schedule-files.js';
import type { ScheduleFileInput } from '../../../cli/schedule/schedule-files.js';
import { nextCronTimes } from '../../../core/cron.js';
import { UsageError } from '../../../core/errors.js';
import { cronToOnCalendar } from '../../../schedule/cron-to-systemd.js';

const input: ScheduleFileInput = {
  expression: '0 2 * * *',
  project: 'shop',
  dir: '/srv/etl/shop',
  command: ['/usr/bin/node', '/opt/etl-cycle/bin/etl-cycle.js'],
  logsDir: '/srv/etl/shop/logs',
  catchUp: false,
};

function hasSystemdAnalyze(): boolean {
  try {
    execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const systemd = hasSystemdAnalyze();

/** The next `n` elapses systemd computes for the calendar events after `base` (epoch ms, merged over the events). */
function systemdElapses(calendars: string[], n: number, base: Date): number[] {
  const out = execFileSync(
    'systemd-analyze',
    ['calendar', `--iterations=${n}`, `--base-time=@${Math.floor(base.getTime() / 1000)}`, ...calendars],
    { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } },
  );
  const times = [...out.matchAll(/(?:Next elapse|Iter\. #\d+): \w{3} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/g)].map((m) =>
    Date.parse(`${m[1]!.replace(' ', 'T')}Z`),
  );
  return [...new Set(times)].sort((a, b) => a - b).slice(0, n);
}

describe('schedule print --cron', () => {
  it('one crontab line running etl-cycle run --trigger schedule in the project folder', () => {
    const text = crontabEntry({ ...input, timezone: 'Europe/Berlin' });
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^# etl-cycle: run project shop/);
    expect(lines[1]).toBe('CRON_TZ=Europe/Berlin');
    expect(lines[2]).toBe(
      '0 2 * * * cd /srv/etl/shop && mkdir -p /srv/etl/shop/logs && /usr/bin/node /opt/etl-cycle/bin/etl-cycle.js run --trigger schedule --no-progress >> /srv/etl/shop/logs/schedule.log 2>&1',
    );
  });

  it('quotes paths for the shell and escapes % (crontab reads it as a newline); nicknames become fields', () => {
    const line = crontabEntry({ ...input, expression: '@hourly', dir: "/srv/my etl/100% o'clock", configPath: 'cfg/etl.yaml' }).split(
      '\n',
    )[1]!;
    expect(line).toMatch(/^0 \* \* \* \* cd '\/srv\/my etl\/100\\% o'\\''clock' && /);
    expect(line).toContain('run --config cfg/etl.yaml --trigger schedule');
  });

  it('refuses what crontab cannot read, in one line', () => {
    expect(() => crontabEntry({ ...input, expression: '*/10 * * * * *' })).toThrow(/crontab has no seconds field/);
    expect(() => crontabEntry({ ...input, expression: '0 0 L * *' })).toThrow(UsageError);
    expect(() => crontabEntry({ ...input, expression: '0 25 * * *' })).toThrow(/not a cron expression/);
  });
});

describe('schedule print --systemd', () => {
  it('a oneshot service and a timer naming it', () => {
    const units = systemdUnits({ ...input, timezone: 'Europe/Berlin', catchUp: true });
    expect(units.serviceName).toBe('etl-cycle-shop.service');
    expect(units.service).toContain('Type=oneshot');
    expect(units.service).toContain('WorkingDirectory=/srv/etl/shop');
    expect(units.service).toContain('ExecStart=/usr/bin/node /opt/etl-cycle/bin/etl-cycle.js run --trigger schedule --no-progress');
    expect(units.timer).toContain('OnCalendar=*-*-* 02:00:00 Europe/Berlin');
    expect(units.timer).toContain('Persistent=true');
    expect(units.timer).toContain('Unit=etl-cycle-shop.service');
    expect(units.timer).toContain('WantedBy=timers.target');
    expect(systemdUnits(input).timer).toContain('Persistent=false');
  });

  it('converts lists, ranges, steps, names and seconds', () => {
    expect(cronToOnCalendar('*/15 * * * *')).toEqual(['*-*-* *:00/15:00']);
    expect(cronToOnCalendar('30 8-18/2 * * MON-FRI')).toEqual(['Mon..Fri *-*-* 08,10,12,14,16,18:30:00']);
    expect(cronToOnCalendar('15 3 1,15 JAN,JUL *')).toEqual(['*-01,07-01,15 03:15:00']);
    expect(cronToOnCalendar('0 9 * * 0,6')).toEqual(['Sat,Sun *-*-* 09:00:00']);
    expect(cronToOnCalendar('*/10 * * * * *')).toEqual(['*-*-* *:*:00/10']);
  });

  it("keeps cron's OR of day of month and weekday as two OnCalendar= lines", () => {
    expect(cronToOnCalendar('0 0 1 * MON')).toEqual(['*-*-01 00:00:00', 'Mon *-*-* 00:00:00']);
    expect(systemdUnits({ ...input, expression: '0 0 1 * MON' }).timer).toMatch(
      /OnCalendar=\*-\*-01 00:00:00\nOnCalendar=Mon \*-\*-\* 00:00:00\n/,
    );
  });

  it('refuses what systemd cannot express, in one line', () => {
    expect(() => cronToOnCalendar('0 0 L * *')).toThrow(/systemd cannot express "L"/);
    expect(() => cronToOnCalendar('0 0 * * MON#2')).toThrow(/systemd cannot express "MON#2"/);
    expect(() => cronToOnCalendar('0 0 15W * *')).toThrow(UsageError);
  });

  it.skipIf(!systemd)('systemd-analyze fires every OnCalendar at exactly the times croner gives the cron expression', () => {
    const base = new Date('2026-12-03T17:00:00Z');
    const expressions = [
      '0 2 * * *',
      '*/15 * * * *',
      '30 8-18/2 * * MON-FRI',
      '0 0 1 * MON',
      '0 12 * * 0',
      '0 12 * * 7',
      '5,35 */6 1-10 * *',
      '15 3 1,15 JAN,JUL *',
      '*/10 * * * * *',
      '@weekly',
    ];
    for (const expression of expressions) {
      const expected = nextCronTimes(expression, 8, base, { timezone: 'UTC' }).map((d) => d.getTime());
      expect(systemdElapses(cronToOnCalendar(expression, 'UTC'), 8, base), expression).toEqual(expected);
    }
    // A time zone: 09:30 in Berlin, across the spring change of 2027 (02:00 itself falls into the
    // gap that night: cron and croner run it at 03:00, systemd skips the day; docs/alerts.md says so).
    const spring = new Date('2027-03-25T12:00:00Z');
    const berlin = nextCronTimes('30 9 * * *', 5, spring, { timezone: 'Europe/Berlin' }).map((d) => d.getTime());
    expect(systemdElapses(cronToOnCalendar('30 9 * * *', 'Europe/Berlin'), 5, spring)).toEqual(berlin);
  });

  it.skipIf(!systemd)('systemd-analyze verify accepts the service and the timer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'etl-cycle-units-'));
    try {
      const units = systemdUnits({ ...input, command: [process.execPath, '/opt/etl-cycle/bin/etl-cycle.js'], expression: '0 0 1 * MON' });
      writeFileSync(join(dir, units.serviceName), units.service);
      writeFileSync(join(dir, units.timerName), units.timer);
      execFileSync('systemd-analyze', ['verify', join(dir, units.serviceName), join(dir, units.timerName)], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('schedule print --github', () => {
  const workflow = (extra: Partial<Parameters<typeof githubScheduleWorkflow>[0]> = {}) =>
    parse(
      githubScheduleWorkflow({
        ...input,
        actionRef: 'acme/etl-cycle@v0.1.0',
        repoDir: 'pipelines/shop',
        configInDir: 'etl-cycle.yaml',
        repoLogsPath: 'pipelines/shop/logs',
        ...extra,
      }),
    );

  it('on: schedule with the cron (and time zone), the action run with --trigger schedule on scheduled events', () => {
    const doc = workflow({ timezone: 'Europe/Berlin' });
    expect(doc.on.schedule).toEqual([{ cron: '0 2 * * *', timezone: 'Europe/Berlin' }]);
    expect(doc.on).toHaveProperty('workflow_dispatch');
    expect(doc.concurrency).toEqual({ group: 'etl-cycle-shop', 'cancel-in-progress': false });
    const step = doc.jobs['etl-cycle'].steps.find((s: { uses?: string }) => s.uses === 'acme/etl-cycle@v0.1.0');
    expect(step.with).toEqual({
      'working-directory': 'pipelines/shop',
      config: 'etl-cycle.yaml',
      args: "--trigger ${{ github.event_name == 'schedule' && 'schedule' || 'ci' }}",
    });
    expect(workflow().on.schedule).toEqual([{ cron: '0 2 * * *' }]);
    expect(workflow({ expression: '@daily' }).on.schedule).toEqual([{ cron: '0 0 * * *' }]);
  });

  it('refuses seconds and croner extensions; warns under 5 minutes', () => {
    expect(() => workflow({ expression: '*/30 * * * * *' })).toThrow(/GitHub Actions has no seconds field/);
    expect(() => workflow({ expression: '0 0 L * *' })).toThrow(/GitHub Actions cannot express "L"/);
    expect(githubScheduleWarning('*/2 * * * *')).toMatch(/at most every 5 minutes/);
    expect(githubScheduleWarning('* * * * *')).toMatch(/at most every 5 minutes/);
    expect(githubScheduleWarning('*/5 * * * *')).toBeUndefined();
    expect(githubScheduleWarning('0 2 * * *')).toBeUndefined();
  });
});
