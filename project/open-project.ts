/**
 * One home for project setup: find and load etl-cycle.yaml, apply what the command line
 * overrides, load the Compose file it names, and say who the project is (name, folders).
 * Every command that works on a project (run, down, orchestrate, config check, history...)
 * starts here, so they all agree on what "the project" is.
 */
import { findConfigFile, loadConfig } from '../config/load-config.js';
import type { EtlCycleConfig } from '../config/types.js';
import type { ProjectModel } from '../docker/types.js';
import { loadProjectModel } from './load-project-model.js';
import { projectPaths } from './project-paths.js';
import type { ProjectPaths } from './project-paths.js';

export interface Project {
  config: EtlCycleConfig;
  /** The Compose model (no services when there is no Compose file). */
  model: ProjectModel;
  /** The project name: Compose `name:`, `project:` in etl-cycle.yaml, or the folder's name. */
  name: string;
  paths: ProjectPaths;
}

export interface OpenProjectOptions {
  cwd: string;
  /** `-c <file>`; default: etl-cycle.yaml or .yml in `cwd`. */
  configPath?: string;
  /** Command-line overrides, applied to the loaded config before anything reads it. */
  override?: (config: EtlCycleConfig) => EtlCycleConfig;
  onWarning: (message: string) => void;
}

export async function openProject(options: OpenProjectOptions): Promise<Project> {
  return projectOf(await openConfig(options), options.onWarning);
}

/** The project of a config already loaded (when the caller needs the config first, e.g. for its logs folder). */
export async function projectOf(config: EtlCycleConfig, onWarning: (message: string) => void): Promise<Project> {
  const model = await loadProjectModel(config, onWarning);
  return { config, model, name: model.name, paths: projectPaths(config) };
}

/** Only etl-cycle.yaml (for commands that never look at the Compose file). */
export async function openConfig(options: Pick<OpenProjectOptions, 'cwd' | 'configPath' | 'override'>): Promise<EtlCycleConfig> {
  const config = await loadConfig(await findConfigFile(options.cwd, options.configPath));
  return options.override ? options.override(config) : config;
}
