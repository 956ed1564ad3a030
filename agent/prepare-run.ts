/**
 * Builds what a run needs before the first iteration: the Compose model, an engine connection
 * (only when there are services), the stack, the pattern catalogue and the orchestrator command.
 * Everything the user wrote is checked here, so a bad name fails in a second, not after a rebuild.
 */
import { basename } from 'node:path';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { EtlCycleConfig } from '../config/types.js';
import { locateComposeFile } from '../docker/compose/find-compose-file.js';
import { loadComposeProject } from '../docker/compose/load-compose-project.js';
import { normalizeProjectName } from '../docker/compose/normalize-project-name.js';
import { connectEngine } from '../docker/engine/dockerode-client.js';
import { createStack } from '../docker/stack/create-stack.js';
import type { ProjectModel, StackOperations } from '../docker/types.js';
import { loadCatalogue } from '../patterns/load-catalogue.js';
import { createNoStack } from './no-stack.js';
import { safeObserver } from './observer.js';
import type { AgentObserver } from './observer.js';
import type { RunEnvironment } from './run-environment.js';
import { serviceFactsOf } from './service-facts.js';

export interface PrepareRunOptions {
  config: EtlCycleConfig;
  executionId: string;
  logger: Logger;
  observer?: AgentObserver;
  ci: boolean;
  maxIterations?: number;
  /** argv that runs etl-cycle itself (for `orchestrator.workflow`). */
  selfCommand: readonly string[];
  /** Extra checks of the loaded project before anything runs (the CLI checks the built-in orchestrator's tasks here). */
  checkProject?: (project: ProjectModel) => void;
}

export async function loadProject(config: EtlCycleConfig, onWarning: (message: string) => void): Promise<ProjectModel> {
  const fallbackName = config.project ?? normalizeProjectName(basename(config.dir));
  if (config.compose === false) return { name: fallbackName, workingDir: config.dir, services: [], networks: [], volumes: [] };
  let file = config.compose.file;
  if (file === undefined) {
    const located = await locateComposeFile(config.dir);
    located.warnings.forEach(onWarning);
    file = located.file;
  }
  if (!file) return { name: fallbackName, workingDir: config.dir, services: [], networks: [], volumes: [] };
  const { project, warnings } = await loadComposeProject({
    file,
    projectName: config.project,
    envFiles: config.compose.envFiles,
    profiles: config.compose.profiles,
  });
  warnings.forEach(onWarning);
  checkServiceNames(config, project);
  return project;
}

/** Names in etl-cycle.yaml that must be services of the Compose file. */
function checkServiceNames(config: EtlCycleConfig, project: ProjectModel): void {
  const names = project.services.map((s) => s.name);
  const where = config.file ?? 'etl-cycle.yaml';
  const known = names.length ? `services: ${names.join(', ')}` : 'it declares no services';
  for (const name of Object.keys(config.readiness.services)) {
    if (!names.includes(name))
      throw new ConfigError(
        `${where}: readiness.services.${name}: no service "${name}" in ${project.composeFile ?? 'the Compose file'} (${known})`,
      );
  }
  config.validations.forEach((check, index) => {
    if (check.type === 'exec' && !names.includes(check.service)) {
      throw new ConfigError(
        `${where}: validations[${index}].service: no service "${check.service}" in ${project.composeFile ?? 'the Compose file'} (${known})`,
      );
    }
  });
}

export async function prepareRun(options: PrepareRunOptions): Promise<RunEnvironment> {
  const { config, logger } = options;
  const observer = safeObserver(options.observer, (error) => logger.debug('progress renderer failed', { error: String(error) }));
  const project = await loadProject(config, (w) => observer.warning(w));
  options.checkProject?.(project);
  const stack: StackOperations =
    project.services.length > 0
      ? createStack({
          engine: await connectEngine({ logger }),
          project,
          executionId: options.executionId,
          extraLabels: config.docker.labels,
          logger,
        })
      : createNoStack(project);
  const catalogue = await loadCatalogue({ packs: config.patterns.packs, disable: config.patterns.disable });
  const orchestratorCommand =
    config.orchestrator.workflow !== undefined
      ? [
          ...options.selfCommand,
          'orchestrate',
          '--workflow',
          config.orchestrator.workflow,
          ...(config.file ? ['--config', config.file] : []),
        ]
      : config.orchestrator.command!;
  return {
    config,
    executionId: options.executionId,
    project: project.name,
    stack,
    services: serviceFactsOf(project),
    catalogue,
    logger,
    observer,
    orchestratorCommand,
    ci: options.ci,
    maxIterations: options.maxIterations ?? config.loop.maxIterations,
    notices: new Set(),
  };
}
