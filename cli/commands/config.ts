/**
 * `etl-cycle config schema` prints the JSON Schema of etl-cycle.yaml (for editors and CI
 * linters); `etl-cycle config check` validates a config and its Compose file without running.
 * Both are in cli/actions/config.ts, loaded only when one of them runs.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export const configCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'config <action>',
  describe: 'Work with etl-cycle.yaml (schema | check)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .command('schema', 'Print the JSON Schema of etl-cycle.yaml', {}, async () => {
        const { printConfigSchema } = await import('../actions/config.js');
        printConfigSchema();
      })
      .command('check', 'Validate etl-cycle.yaml and its Compose file', {}, async (args: ArgumentsCamelCase<{ config?: string }>) => {
        const { checkConfig } = await import('../actions/config.js');
        await checkConfig(args);
      })
      .demandCommand(1, 'name an action: schema or check') as Argv<GlobalArgs>,
  handler: () => undefined,
};
