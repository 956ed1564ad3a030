/**
 * `etl-cycle config schema` prints the JSON Schema of etl-cycle.yaml (for editors and CI
 * linters); `etl-cycle config check` validates a config and its Compose file without running.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { loadProject } from '../../agent/prepare-run.js';
import { findConfigFile, loadConfig } from '../../config/load-config.js';
import { checkTasks } from '../../orchestrator/check-tasks.js';
import { configJsonSchema } from '../../config/schema.js';
import { formatDuration } from '../../core/duration.js';
import type { GlobalArgs } from '../options.js';

export const configCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'config <action>',
  describe: 'Work with etl-cycle.yaml (schema | check)',
  builder: (y: Argv<GlobalArgs>) => y
    .command('schema', 'Print the JSON Schema of etl-cycle.yaml', {}, () => {
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    })
    .command('check', 'Validate etl-cycle.yaml and its Compose file', {}, async (args: ArgumentsCamelCase<{ config?: string }>) => {
      const file = await findConfigFile(process.cwd(), args.config);
      const config = await loadConfig(file);
      const warnings: string[] = [];
      const project = await loadProject(config, (w) => warnings.push(w));
      checkTasks(config, project);
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
      const orchestrator = config.orchestrator.workflow ? `workflow ${config.orchestrator.workflow}` : JSON.stringify(config.orchestrator.command);
      process.stdout.write(`${file}: ok — project ${project.name}, ${project.services.length} service(s)${project.services.length ? ` (${project.services.map((s) => s.name).join(', ')})` : ''}, orchestrator ${orchestrator}${config.tasks.length ? ` (${config.tasks.length} task(s), ${config.workflows.length} workflow(s))` : ''}, up to ${config.loop.maxIterations} iterations within ${formatDuration(config.loop.timeBudgetMs)}\n`);
    })
    .demandCommand(1, 'name an action: schema or check') as Argv<GlobalArgs>,
  handler: () => undefined,
};
