/**
 * `etl-cycle doctor`: preflight checks, one ✓/!/✗ line each; exit 1 when anything blocks a run.
 * Implementation: cli/actions/doctor.ts, loaded only when this command runs.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface DoctorCommandArgs extends GlobalArgs {
  json: boolean;
}

export const doctorCommand: CommandModule<GlobalArgs, DoctorCommandArgs> = {
  command: 'doctor',
  describe: 'Check that a run can start: engine, images, ports, disk, git, config (exit 1 if not)',
  builder: (y: Argv<GlobalArgs>) =>
    y.option('json', { type: 'boolean', default: false, describe: 'The checks as JSON on stdout' }) as unknown as Argv<DoctorCommandArgs>,
  handler: async (args: ArgumentsCamelCase<DoctorCommandArgs>) => {
    const { doctor } = await import('../actions/doctor.js');
    process.exitCode = await doctor(args);
  },
};
