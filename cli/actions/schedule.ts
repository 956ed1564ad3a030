/**
 * `etl-cycle schedule print`: the project's schedule (the expression given, else schedule.cron)
 * as a crontab line, a systemd service + timer, or a GitHub Actions workflow.
 */
import { relative } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { timeZoneProblem } from '../../core/cron.js';
import { locateRepository } from '../../git/locate-repository.js';
import { openConfig, projectOf } from '../../project/open-project.js';
import { actionReference } from '../ci/action-reference.js';
import type { SchedulePrintArgs } from '../commands/schedule.js';
import { crontabEntry, githubScheduleWarning, githubScheduleWorkflow, systemdUnits } from '../schedule/schedule-files.js';
import type { ScheduleFileInput } from '../schedule/schedule-files.js';
import { selfCommand } from '../version.js';

export async function printSchedule(args: SchedulePrintArgs, warn: (message: string) => void): Promise<string> {
  const formats = (['cron', 'systemd', 'github'] as const).filter((format) => args[format]);
  if (formats.length !== 1)
    throw new UsageError(
      `schedule print: choose one of --cron, --systemd or --github${formats.length ? ` (got ${formats.map((f) => `--${f}`).join(' and ')})` : ''}`,
    );
  const config = await openConfig({ cwd: process.cwd(), configPath: args.config });
  const expression = args.expression ?? config.schedule.cron;
  if (!expression) throw new UsageError('schedule print: give a cron expression, e.g. "0 2 * * *", or set schedule.cron in etl-cycle.yaml');
  const timezone = args.timezone ?? config.schedule.timezone;
  const zoneProblem = timezone === undefined ? undefined : timeZoneProblem(timezone);
  if (zoneProblem) throw new UsageError(`--timezone: ${zoneProblem}`);
  const project = await projectOf(config, warn);
  const configFile = config.file;
  const input: ScheduleFileInput = {
    expression,
    timezone,
    project: project.name,
    dir: config.dir,
    configPath: configFile && relative(config.dir, configFile) !== 'etl-cycle.yaml' ? configFile : undefined,
    command: selfCommand(),
    logsDir: project.paths.logsDir,
    catchUp: config.schedule.catchUp,
  };
  if (formats[0] === 'cron') return crontabEntry(input);
  if (formats[0] === 'systemd') {
    const units = systemdUnits(input);
    return `${units.service}\n${units.timer}`;
  }
  const located = await locateRepository(config.dir);
  const root = located.kind === 'repository' ? located.repository.root : config.dir;
  const action = actionReference();
  const toRepo = (path: string) => relative(root, path).split('\\').join('/') || '.';
  const workflow = githubScheduleWorkflow({
    ...input,
    actionRef: action.ref,
    repoDir: toRepo(config.dir),
    configInDir: configFile ? relative(config.dir, configFile).split('\\').join('/') : 'etl-cycle.yaml',
    repoLogsPath: toRepo(project.paths.logsDir),
  });
  const slow = githubScheduleWarning(expression);
  if (slow) warn(slow);
  if (!action.known) warn(`replace OWNER in \`uses: ${action.ref}\` with the account that hosts etl-cycle's action`);
  return workflow;
}
