/**
 * `etl-cycle down`: remove everything the agent created for this project (containers, orphans
 * included, networks and, unless --keep-volumes, volumes) — selected by label, never by name.
 * The removal is in cli/actions/down.ts, loaded only when this command runs.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface DownArgs extends GlobalArgs {
  keepVolumes: boolean;
}

export const downCommand: CommandModule<GlobalArgs, DownArgs> = {
  command: 'down',
  describe: 'Remove the containers, networks and volumes etl-cycle created for this project',
  builder: (y: Argv<GlobalArgs>) =>
    y.option('keep-volumes', { type: 'boolean', default: false, describe: 'Keep the data volumes' }) as unknown as Argv<DownArgs>,
  handler: async (args: ArgumentsCamelCase<DownArgs>) => {
    const { down } = await import('../actions/down.js');
    await down(args);
  },
};
