/**
 * The Compose side of a project: the Compose file etl-cycle.yaml points at (or finds next to
 * it) loaded into a ProjectModel, and every service name etl-cycle.yaml mentions checked
 * against it, so a typo fails before anything runs.
 */
import { basename } from 'node:path';
import { ConfigError } from '../core/errors.js';
import type { EtlCycleConfig } from '../config/types.js';
import { locateComposeFile } from '../docker/compose/find-compose-file.js';
import { loadComposeProject } from '../docker/compose/load-compose-project.js';
import { normalizeProjectName } from '../docker/compose/normalize-project-name.js';
import type { ProjectModel } from '../docker/types.js';
import { composeEnvFiles } from './compose-env-files.js';

export async function loadProjectModel(config: EtlCycleConfig, onWarning: (message: string) => void): Promise<ProjectModel> {
  const fallbackName = config.project ?? normalizeProjectName(basename(config.dir));
  const empty: ProjectModel = { name: fallbackName, workingDir: config.dir, services: [], networks: [], volumes: [] };
  if (config.compose === false) return empty;
  let file = config.compose.file;
  if (file === undefined) {
    const located = await locateComposeFile(config.dir);
    located.warnings.forEach(onWarning);
    file = located.file;
  }
  if (!file) return empty;
  const { project, warnings } = await loadComposeProject({
    file,
    projectName: config.project,
    envFiles: composeEnvFiles(config, file),
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
  const composeFile = project.composeFile ?? 'the Compose file';
  const known = names.length ? `services: ${names.join(', ')}` : 'it declares no services';
  for (const name of Object.keys(config.readiness.services)) {
    if (!names.includes(name))
      throw new ConfigError(`${where}: readiness.services.${name}: no service "${name}" in ${composeFile} (${known})`);
  }
  config.validations.forEach((check, index) => {
    if (check.type === 'exec' && !names.includes(check.service)) {
      throw new ConfigError(`${where}: validations[${index}].service: no service "${check.service}" in ${composeFile} (${known})`);
    }
  });
}
