/**
 * One entry of `services:` as a ServiceModel. Everything a service declares is validated, even
 * when its profiles leave it out, so a broken service is reported before someone activates it.
 */
import type { ServiceModel } from '../types.js';
import { checkKeys } from './check-keys.js';
import { SERVICE_KEYS } from './compose-keys.js';
import { describeValue, formatFieldPath } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { readBuild } from './read-build.js';
import { readCommand } from './read-command.js';
import { readDependsOn } from './read-depends-on.js';
import { readDeployment } from './read-deployment.js';
import { readExtraHosts } from './read-extra-hosts.js';
import { readBoolean, readDurationMs, readKeyValues, readList, readMapping, readString } from './read-field.js';
import { readHealthcheck } from './read-healthcheck.js';
import { readPorts } from './read-ports.js';
import { readServiceEnvironment } from './read-service-environment.js';
import { readServiceNetworks } from './read-service-networks.js';
import { readVolumes } from './read-volumes.js';

export interface ServiceContext {
  projectName: string;
  projectDir: string;
  /** The project environment (shell overlaid on .env). */
  variables: Readonly<Record<string, string>>;
  declaredVolumes: ReadonlySet<string>;
  declaredNetworks: ReadonlySet<string>;
  /** Active profiles; "*" activates every profile. */
  activeProfiles: readonly string[];
}

const SERVICE_NAME = /^[a-zA-Z0-9._-]+$/;
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const RESTART = /^(?:no|always|unless-stopped|on-failure(?::\d+)?)$/;
/** A signal name (SIGTERM, TERM, SIGRTMIN+3) or number, as `docker stop` takes it. */
const STOP_SIGNAL = /^(?:(?:SIG)?[A-Z][A-Z0-9]*(?:[+-]\d+)?|\d+)$/;

export async function readService(source: ComposeSource, name: string, value: unknown, context: ServiceContext): Promise<ServiceModel> {
  const path: FieldPath = ['services', name];
  if (!SERVICE_NAME.test(name))
    throw source.error(path, `service name ${describeValue(name)} may only hold letters, digits, ".", "_" and "-"`);
  const spec = readMapping(source, path, value, 'a mapping of service settings (image:, ports:, ...)');
  checkKeys(source, path, spec, SERVICE_KEYS);
  const at = (...keys: (string | number)[]): FieldPath => [...path, ...keys];
  const optional = <T>(key: string, read: (at: FieldPath, value: unknown) => T): T | undefined =>
    spec[key] === undefined || spec[key] === null ? undefined : read(at(key), spec[key]);

  const build = optional('build', (p, v) => readBuild(source, p, v, context));
  const image = optional('image', (p, v) => readString(source, p, v, 'an image reference such as "postgres:15"'));
  if (image === '')
    throw source.error(at('image'), 'is empty (an unset variable gives ""); set it to an image reference such as "postgres:15"');
  if (image !== undefined && !/^\S+$/.test(image)) throw source.error(at('image'), `${describeValue(image)} is not an image reference`);
  if (image === undefined && !build)
    throw source.error(path, 'has neither image nor build; add image: (such as "postgres:15") or build: (a folder with a Dockerfile)');

  const profiles = readList(source, at('profiles'), spec.profiles).map((item, index) =>
    readString(source, at('profiles', index), item, 'a profile name'),
  );
  const networks = readServiceNetworks(source, at('networks'), spec.networks, context.declaredNetworks);
  const restart = optional('restart', (p, v) => (v === false ? 'no' : readString(source, p, v)));
  if (restart !== undefined && !RESTART.test(restart)) {
    throw source.error(
      at('restart'),
      `unknown restart policy ${describeValue(restart)}; expected "no", always, on-failure[:N] or unless-stopped`,
    );
  }
  const containerName = optional('container_name', (p, v) => readString(source, p, v));
  if (containerName !== undefined && !CONTAINER_NAME.test(containerName)) {
    throw source.error(
      at('container_name'),
      `${describeValue(containerName)} is not a valid container name; use letters, digits, "_", "." and "-", starting with a letter or digit`,
    );
  }

  checkLinks(source, at('links'), spec.links);

  const labels: Record<string, string> = {};
  for (const [key, label] of readKeyValues(source, at('labels'), spec.labels)) labels[key] = label ?? '';

  const service: ServiceModel = {
    name,
    // Compose tags what it builds as <project>-<service> when no image is named.
    image: image ?? `${context.projectName}-${name.toLowerCase()}`,
    environment: await readServiceEnvironment(source, path, spec.env_file, spec.environment, context),
    ports: readPorts(source, path, spec.ports, spec.expose),
    volumes: readVolumes(source, path, spec.volumes, spec.tmpfs, context),
    dependsOn: readDependsOn(source, at('depends_on'), spec.depends_on),
    labels,
    networks: networks.networks,
    aliases: networks.aliases,
    extraHosts: optional('extra_hosts', (p, v) => readExtraHosts(source, p, v)) ?? [],
    tty: optional('tty', (p, v) => readBoolean(source, p, v)) ?? false,
    stdinOpen: optional('stdin_open', (p, v) => readBoolean(source, p, v)) ?? false,
    disabled:
      profiles.length > 0 && !profiles.some((profile) => context.activeProfiles.includes(profile) || context.activeProfiles.includes('*')),
    ...readDeployment(source, path, spec),
  };
  if (build) service.build = build;
  const command = optional('command', (p, v) => readCommand(source, p, v));
  if (command) service.command = command;
  const entrypoint = optional('entrypoint', (p, v) => readCommand(source, p, v));
  if (entrypoint) service.entrypoint = entrypoint;
  const healthcheck = optional('healthcheck', (p, v) => readHealthcheck(source, p, v));
  if (healthcheck) service.healthcheck = healthcheck;
  if (containerName !== undefined) service.containerName = containerName;
  const user = optional('user', (p, v) => readString(source, p, v));
  if (user !== undefined) service.user = user;
  const workingDir = optional('working_dir', (p, v) => readString(source, p, v));
  if (workingDir !== undefined) service.workingDir = workingDir;
  const hostname = optional('hostname', (p, v) => readString(source, p, v));
  if (hostname !== undefined) service.hostname = hostname;
  if (restart !== undefined) service.restart = restart;
  const stopGracePeriodMs = optional('stop_grace_period', (p, v) => readDurationMs(source, p, v));
  if (stopGracePeriodMs !== undefined) service.stopGracePeriodMs = stopGracePeriodMs;
  const stopSignal = optional('stop_signal', (p, v) => readString(source, p, v, 'a signal name such as "SIGINT"'));
  if (stopSignal !== undefined) {
    if (!STOP_SIGNAL.test(stopSignal)) {
      throw source.error(
        at('stop_signal'),
        `${describeValue(stopSignal)} is not a signal; use a name such as "SIGINT" or "SIGQUIT", or a number`,
      );
    }
    service.stopSignal = stopSignal;
  }
  return service;
}

/**
 * Legacy `links:`. On a Compose network every service already resolves by its name, so a plain
 * link changes nothing; a link alias (`db:database`) would, so it is refused with the modern way.
 */
function checkLinks(source: ComposeSource, path: FieldPath, value: unknown): void {
  if (value === undefined || value === null) return;
  readList(source, path, value).forEach((item, index) => {
    const link = readString(source, [...path, index], item, 'a service name or "SERVICE:ALIAS"');
    const [service, alias] = link.split(':');
    if (alias !== undefined && alias !== service) {
      throw source.error(
        [...path, index],
        `link alias ${describeValue(link)} is not supported by etl-cycle; give service ${service} the alias with networks: { default: { aliases: [${alias}] } }`,
      );
    }
  });
  source.warn(path, `${formatFieldPath(path)} is legacy and ignored: services reach each other by name on their networks`);
}
