/**
 * What `etl-cycle config schema | check` does. Loaded lazily by cli/commands/config.ts.
 */
import { checkTasks } from '../../orchestrator/check-tasks.js';
import { configJsonSchema } from '../../config/schema.js';
import { formatDuration } from '../../core/duration.js';
import { openProject } from '../../project/open-project.js';

/** `config schema`: the JSON Schema of etl-cycle.yaml on stdout. */
export function printConfigSchema(): void {
  process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
}

/** `config check`: validate etl-cycle.yaml and its Compose file, print a one-line summary. */
export async function checkConfig(args: { config?: string }): Promise<void> {
  const warnings: string[] = [];
  const { config, model: project } = await openProject({ cwd: process.cwd(), configPath: args.config, onWarning: (w) => warnings.push(w) });
  const file = config.file ?? 'etl-cycle.yaml';
  checkTasks(config, project);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  const orchestrator = config.orchestrator.workflow
    ? `workflow ${config.orchestrator.workflow}`
    : JSON.stringify(config.orchestrator.command);
  process.stdout.write(
    `${file}: ok — project ${project.name}, ${project.services.length} service(s)${project.services.length ? ` (${project.services.map((s) => s.name).join(', ')})` : ''}, orchestrator ${orchestrator}${config.tasks.length ? ` (${config.tasks.length} task(s), ${config.workflows.length} workflow(s))` : ''}, up to ${config.loop.maxIterations} iterations within ${formatDuration(config.loop.timeBudgetMs)}\n`,
  );
}
