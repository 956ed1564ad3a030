/**
 * Turns a Compose file into the normalized ProjectModel the engine code runs: parse (keeping
 * lines for messages), check top-level keys, interpolate with the project environment, resolve
 * the project name, read declarations and services, apply profiles, order by dependencies.
 *
 * Profiles: a service whose `profiles:` are all inactive is validated but left out of
 * `project.services` (which is exactly what to run), as are the networks and volumes only it
 * uses. An active service that requires a left-out one is an error, as in Compose.
 */
import { dirname, resolve } from 'node:path';
import type { NetworkModel, ProjectModel, ServiceModel, VolumeModel } from '../types.js';
import { checkKeys } from './check-keys.js';
import { TOP_LEVEL_KEYS } from './compose-keys.js';
import type { ComposeSource } from './compose-source.js';
import { interpolateTree } from './interpolate-tree.js';
import { loadProjectEnvironment } from './load-project-environment.js';
import { orderServices } from './order-services.js';
import { defaultNetwork, readNetworkDeclarations, readVolumeDeclarations } from './read-declarations.js';
import { readComposeDocument } from './read-compose-document.js';
import { readMapping } from './read-field.js';
import { readService } from './read-service.js';
import { resolveProjectName } from './resolve-project-name.js';

export interface LoadComposeOptions {
  /** The Compose file (relative paths are resolved against the current directory). */
  file: string;
  /** Overrides COMPOSE_PROJECT_NAME, `name:` and the folder name. */
  projectName?: string;
  /** Variables for interpolation; defaults to process.env. Wins over the env files. */
  env?: Record<string, string | undefined>;
  /** Env files replacing the default `.env` next to the Compose file (relative to its folder). */
  envFiles?: string[];
  /** Active profiles; defaults to COMPOSE_PROFILES (comma-separated) from the environment. */
  profiles?: string[];
}

export interface LoadedComposeProject {
  project: ProjectModel;
  /** Located, one line each: ignored keys, unset variables, obsolete `version:`, ... */
  warnings: string[];
}

export async function loadComposeProject(options: LoadComposeOptions): Promise<LoadedComposeProject> {
  const composeFile = resolve(options.file);
  const projectDir = dirname(composeFile);
  const { data, source } = await readComposeDocument(options.file);
  const environment = await loadProjectEnvironment({ projectDir, env: options.env, envFiles: options.envFiles });
  const variables = environment.variables;

  if (data.version !== undefined) source.warn(['version'], 'version is obsolete in the Compose Specification and is ignored; remove it');
  const { version: _version, ...rest } = data;
  checkKeys(source, [], rest, TOP_LEVEL_KEYS);
  const config = interpolateTree(rest, (name) => variables[name], source);

  const projectName = resolveProjectName(source, { option: options.projectName, variables, nameField: config.name, projectDir });
  const declaredNetworks = readNetworkDeclarations(source, config.networks, projectName);
  const declaredVolumes = readVolumeDeclarations(source, config.volumes, projectName);
  const activeProfiles =
    options.profiles ??
    (variables.COMPOSE_PROFILES ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);

  const entries = Object.entries(readMapping(source, ['services'], config.services, 'a mapping of service names to their settings'));
  if (entries.length === 0) throw source.error(['services'], 'no services are defined; add at least one under services:');
  const context = {
    projectName,
    projectDir,
    variables,
    declaredVolumes: new Set(declaredVolumes.keys()),
    declaredNetworks: new Set(declaredNetworks.keys()),
    activeProfiles,
  };
  const all: ServiceModel[] = [];
  for (const [name, spec] of entries) all.push(await readService(source, name, spec, context));

  const enabled = all.filter((service) => !service.disabled).map((service) => withReachableDependencies(source, service, all));
  if (enabled.length === 0) {
    source.warn(
      ['services'],
      `every service is disabled by its profiles; activate one of: ${[...new Set(all.flatMap((s) => profilesOf(config, s.name)))].join(', ')}`,
    );
  }
  const services = orderServices(source, enabled);

  const project: ProjectModel = {
    name: projectName,
    workingDir: projectDir,
    composeFile,
    services,
    networks: usedNetworks(services, declaredNetworks, projectName),
    volumes: usedVolumes(services, declaredVolumes),
  };
  return { project, warnings: [...environment.warnings, ...source.warnings] };
}

/**
 * Drops dependencies Compose would skip (`required: false` on a missing or disabled service,
 * with a warning) and fails on required ones to a service the active profiles leave out.
 * Unknown required services are left for orderServices to report.
 */
function withReachableDependencies(source: ComposeSource, service: ServiceModel, all: readonly ServiceModel[]): ServiceModel {
  const dependsOn = service.dependsOn.filter((dependency) => {
    const target = all.find((candidate) => candidate.name === dependency.service);
    const at = ['services', service.name, 'depends_on', dependency.service];
    if (target && !target.disabled) return true;
    if (!dependency.required) {
      source.warn(
        at,
        `services.${service.name}.depends_on: ${dependency.service} is ${target ? 'disabled by its profiles' : 'not defined'} and not required; the dependency is skipped`,
      );
      return false;
    }
    if (target) {
      throw source.error(
        at,
        `depends on "${dependency.service}", which the active profiles leave out; activate its profile or set required: false`,
      );
    }
    return true;
  });
  return dependsOn.length === service.dependsOn.length ? service : { ...service, dependsOn };
}

function profilesOf(config: Record<string, unknown>, name: string): string[] {
  const services = config.services as Record<string, { profiles?: unknown }>;
  const profiles = services[name]?.profiles;
  return Array.isArray(profiles) ? profiles.map(String) : [];
}

function usedNetworks(services: readonly ServiceModel[], declared: ReadonlyMap<string, NetworkModel>, projectName: string): NetworkModel[] {
  const used = new Set(services.flatMap((service) => service.networks));
  const networks: NetworkModel[] = [];
  if (used.has('default') && !declared.has('default')) networks.push(defaultNetwork(projectName));
  for (const [key, network] of declared) if (used.has(key)) networks.push(network);
  return networks;
}

function usedVolumes(services: readonly ServiceModel[], declared: ReadonlyMap<string, VolumeModel>): VolumeModel[] {
  const used = new Set(services.flatMap((service) => service.volumes.map((mount) => (mount.type === 'volume' ? mount.source : undefined))));
  return [...declared.values()].filter((volume) => used.has(volume.key));
}
