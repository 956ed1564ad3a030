/**
 * `etl-cycle schedule print --cron|--systemd|--github ["0 2 * * *"]`: the files that run the
 * project on a schedule without `serve` (implementation in cli/actions/schedule.ts).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface SchedulePrintArgs extends GlobalArgs {
  expression?: string;
  cron: boolean;
  systemd: boolean;
  github: boolean;
  timezone?: string;
}

const printCommand: CommandModule<GlobalArgs, SchedulePrintArgs> = {
  command: 'print [expression]',
  describe: 'Print a crontab line, a systemd service + timer, or a GitHub Actions workflow that runs `etl-cycle run --trigger schedule`',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('expression', {
        type: 'string',
        describe: 'A cron expression, e.g. "0 2 * * *" (default: schedule.cron of etl-cycle.yaml)',
      })
      .option('cron', { type: 'boolean', default: false, describe: 'A crontab line' })
      .option('systemd', { type: 'boolean', default: false, describe: 'A systemd service and timer (OnCalendar= from the expression)' })
      .option('github', { type: 'boolean', default: false, describe: 'A GitHub Actions workflow with on: schedule' })
      .option('timezone', {
        type: 'string',
        describe: 'IANA time zone of the expression (default: schedule.timezone, else the machine’s; GitHub: UTC)',
      }) as unknown as Argv<SchedulePrintArgs>,
  handler: async (args: ArgumentsCamelCase<SchedulePrintArgs>) => {
    const { printSchedule } = await import('../actions/schedule.js');
    process.stdout.write(await printSchedule(args, (warning) => process.stderr.write(`etl-cycle: warning: ${warning}\n`)));
  },
};

export const scheduleCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'schedule <action>',
  describe: 'Run the project on a schedule without serve: print a crontab line, systemd units or a GitHub workflow',
  builder: (y: Argv<GlobalArgs>) => y.command(printCommand).demandCommand(1, 'name an action: print'),
  handler: () => undefined,
};
