/**
 * `etl-cycle init`: an etl-cycle.yaml from the Compose file in this folder (services, readiness,
 * a guessed orchestrator command), and with --ci the CI workflow that runs it. Implementation:
 * cli/actions/init.ts, loaded only when this command runs.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface InitCommandArgs extends GlobalArgs {
  ci?: 'github' | 'gitlab';
  force: boolean;
}

export const initCommand: CommandModule<GlobalArgs, InitCommandArgs> = {
  command: 'init',
  describe: 'Write etl-cycle.yaml from the Compose file here (and a CI workflow with --ci)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('ci', {
        type: 'string',
        choices: ['github', 'gitlab'],
        describe: 'Also write the CI file: .github/workflows/etl-cycle.yml or .gitlab-ci.yml',
      })
      .option('force', { type: 'boolean', default: false, describe: 'Overwrite files that exist' }) as unknown as Argv<InitCommandArgs>,
  handler: async (args: ArgumentsCamelCase<InitCommandArgs>) => {
    const { initProject } = await import('../actions/init.js');
    process.exitCode = await initProject(args);
  },
};
