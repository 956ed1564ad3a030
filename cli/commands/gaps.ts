/**
 * `etl-cycle gaps [--json]`: the failed windows of the project's windowed workflows that no
 * later run recovered, oldest first, with their age and failure class (docs/data.md).
 * The implementation is in cli/actions/gaps.ts, loaded only when it runs.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface GapsArgs extends GlobalArgs {
  json: boolean;
}

export const gapsCommand: CommandModule<GlobalArgs, GapsArgs> = {
  command: 'gaps',
  describe: 'List failed time windows not recovered yet (a --mode full run recovers them)',
  builder: (y: Argv<GlobalArgs>) =>
    y.option('json', { type: 'boolean', default: false, describe: 'Print them as JSON' }) as unknown as Argv<GapsArgs>,
  handler: async (args: ArgumentsCamelCase<GapsArgs>) => {
    const { listGapsCommand } = await import('../actions/gaps.js');
    process.stdout.write(await listGapsCommand(args));
  },
};
