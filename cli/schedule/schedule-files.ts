/**
 * What `etl-cycle schedule print` writes: a crontab line, a systemd service + timer pair, or a
 * GitHub Actions workflow with `on: schedule`, each running `etl-cycle run --trigger schedule`
 * in the project's folder, so the ledger labels the runs `schedule`.
 */
import { UsageError } from '../../core/errors.js';
import { fiveFields } from '../../schedule/cron-fields.js';
import { cronToOnCalendar } from '../../schedule/cron-to-systemd.js';
import { shellQuoteArg } from '../hook/shell-quote-arg.js';
import { githubJobStart } from '../init/ci-templates.js';

export interface ScheduleFileInput {
  expression: string;
  timezone?: string;
  project: string;
  /** The project folder (absolute), where etl-cycle.yaml is. */
  dir: string;
  /** etl-cycle.yaml when it is not `etl-cycle.yaml` in `dir` (relative to `dir`, or absolute). */
  configPath?: string;
  /** The argv that starts etl-cycle (absolute paths: cron and systemd have no npx). */
  command: readonly string[];
  /** The logs folder (absolute), for cron's output. */
  logsDir: string;
  /** systemd: run a missed time at the next boot (Persistent=true), as schedule.catch_up does for serve. */
  catchUp: boolean;
}

function runArgs(input: ScheduleFileInput): string[] {
  return ['run', ...(input.configPath ? ['--config', input.configPath] : []), '--trigger', 'schedule', '--no-progress'];
}

/** One crontab line (with CRON_TZ when a time zone is set: cronie honours it; Debian's cron reads the machine's zone). */
export function crontabEntry(input: ScheduleFileInput): string {
  const fields = fiveFields(input.expression, 'crontab');
  // crontab turns an unescaped % into a newline.
  const shell = (args: readonly string[]) => args.map(shellQuoteArg).join(' ').replace(/%/g, '\\%');
  const log = shell([`${input.logsDir}/schedule.log`]);
  const lines = [
    `# etl-cycle: run project ${input.project} on "${input.expression}"${input.timezone ? ` (${input.timezone})` : ''}; add with \`crontab -e\``,
    ...(input.timezone ? [`CRON_TZ=${input.timezone}`] : []),
    `${fields} cd ${shell([input.dir])} && mkdir -p ${shell([input.logsDir])} && ${shell([...input.command, ...runArgs(input)])} >> ${log} 2>&1`,
  ];
  return `${lines.join('\n')}\n`;
}

export interface SystemdUnits {
  serviceName: string;
  timerName: string;
  service: string;
  timer: string;
}

/** A systemd argument: quoted when it holds a space or a quote; `%` and `$` escaped (specifiers, variables). */
function systemdArg(arg: string): string {
  const escaped = arg.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /[\s"'\\]/.test(escaped) ? `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : escaped;
}

export function systemdUnits(input: ScheduleFileInput): SystemdUnits {
  const calendars = cronToOnCalendar(input.expression, input.timezone);
  const unit = `etl-cycle-${input.project}`;
  const service = `# /etc/systemd/system/${unit}.service (or ~/.config/systemd/user/ with systemctl --user)
[Unit]
Description=etl-cycle run of project ${input.project}
Wants=network-online.target
After=network-online.target docker.service

[Service]
Type=oneshot
WorkingDirectory=${systemdArg(input.dir)}
ExecStart=${[...input.command, ...runArgs(input)].map(systemdArg).join(' ')}
# etl-cycle stops its own run (loop.time_budget) and cleans up on SIGTERM.
TimeoutStopSec=120
KillMode=mixed
`;
  const timer = `# /etc/systemd/system/${unit}.timer; enable with: systemctl enable --now ${unit}.timer
[Unit]
Description=Schedule of etl-cycle run of project ${input.project} ("${input.expression}"${input.timezone ? `, ${input.timezone}` : ''})

[Timer]
${calendars.map((calendar) => `OnCalendar=${calendar}`).join('\n')}
Persistent=${input.catchUp ? 'true' : 'false'}
Unit=${unit}.service

[Install]
WantedBy=timers.target
`;
  return { serviceName: `${unit}.service`, timerName: `${unit}.timer`, service, timer };
}

export interface WorkflowInput extends ScheduleFileInput {
  /** `owner/repo@ref` of etl-cycle's action (action.yml). */
  actionRef: string;
  /** The project folder relative to the repository root ('.' at the top): the action's working-directory. */
  repoDir: string;
  /** etl-cycle.yaml relative to the project folder (the action's `config`). */
  configInDir: string;
  /** The logs folder relative to the repository root. */
  repoLogsPath: string;
}

/** GitHub runs schedules at most every 5 minutes: a warning, not a refusal (GitHub accepts and slows it). */
export function githubScheduleWarning(expression: string): string | undefined {
  const minute = fiveFields(expression, 'GitHub Actions').split(' ')[0]!;
  const step = /^\*\/(\d+)$/.exec(minute)?.[1];
  if (minute === '*' || (step !== undefined && Number(step) < 5) || minute.split(',').length > 12)
    return 'GitHub Actions runs a schedule at most every 5 minutes (and may run it late under load)';
  return undefined;
}

export function githubScheduleWorkflow(input: WorkflowInput): string {
  const fields = fiveFields(input.expression, 'GitHub Actions');
  if (input.timezone?.includes('"')) throw new UsageError(`time zone ${JSON.stringify(input.timezone)}: not an IANA name`);
  return `# etl-cycle on a schedule, written by \`etl-cycle schedule print --github\`: save it as
# .github/workflows/etl-cycle-schedule.yml. Scheduled runs are labelled \`schedule\` in the run
# history; a run started by hand (workflow_dispatch) is labelled \`ci\`. GitHub runs schedules on
# the default branch only, may start them late, and switches them off in a public repository
# after 60 days without activity.
name: etl-cycle schedule (${input.project})

on:
  schedule:
    - cron: ${JSON.stringify(fields)}${input.timezone ? `\n      timezone: ${JSON.stringify(input.timezone)}` : ''}
  workflow_dispatch:

permissions:
  contents: read

# One run of the stack at a time: a tick while one is going on waits for it.
concurrency:
  group: etl-cycle-${input.project}
  cancel-in-progress: false

${githubJobStart(120)}      - id: etl-cycle
        uses: ${input.actionRef}
        with:
          working-directory: ${JSON.stringify(input.repoDir)}
          config: ${JSON.stringify(input.configInDir)}
          args: --trigger \${{ github.event_name == 'schedule' && 'schedule' || 'ci' }}
      - name: Upload the etl-cycle logs
        if: failure()
        uses: actions/upload-artifact@v4
        with:
          name: etl-cycle-logs
          path: ${JSON.stringify(`${input.repoLogsPath}/`)}
          if-no-files-found: ignore
`;
}
