/**
 * How many containers and how much memory: `mem_limit`, `deploy.resources.limits.memory`,
 * `deploy.replicas` and `scale`. etl-cycle runs exactly one container per service, so any other
 * count is refused rather than quietly changed.
 */
import { checkKeys } from './check-keys.js';
import { DEPLOY_KEYS, DEPLOY_LIMITS_KEYS, DEPLOY_RESOURCES_KEYS } from './compose-keys.js';
import { describeValue } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { parseByteSize } from '../../core/byte-size.js';
import { isMapping, readInteger, readMapping } from './read-field.js';
import type { Mapping } from './read-field.js';

export interface Deployment {
  memLimitBytes?: number;
}

export function readDeployment(source: ComposeSource, path: FieldPath, service: Mapping): Deployment {
  checkSingleContainer(source, [...path, 'scale'], service.scale);
  if (isMapping(service.deploy)) checkSingleContainer(source, [...path, 'deploy', 'replicas'], service.deploy.replicas);

  const memLimit =
    service.mem_limit === undefined || service.mem_limit === null
      ? undefined
      : readMemory(source, [...path, 'mem_limit'], service.mem_limit);
  let deployMemory: number | undefined;
  if (service.deploy !== undefined && service.deploy !== null) {
    const deploy = readMapping(source, [...path, 'deploy'], service.deploy);
    checkKeys(source, [...path, 'deploy'], deploy, DEPLOY_KEYS);
    const resources = readMapping(source, [...path, 'deploy', 'resources'], deploy.resources);
    checkKeys(source, [...path, 'deploy', 'resources'], resources, DEPLOY_RESOURCES_KEYS);
    const limitsAt = [...path, 'deploy', 'resources', 'limits'];
    const limits = readMapping(source, limitsAt, resources.limits);
    checkKeys(source, limitsAt, limits, DEPLOY_LIMITS_KEYS);
    if (limits.memory !== undefined && limits.memory !== null) deployMemory = readMemory(source, [...limitsAt, 'memory'], limits.memory);
  }

  if (memLimit !== undefined && deployMemory !== undefined && memLimit !== deployMemory) {
    throw source.error(
      [...path, 'mem_limit'],
      `${describeValue(service.mem_limit)} disagrees with deploy.resources.limits.memory; keep one of them`,
    );
  }
  const memLimitBytes = memLimit ?? deployMemory;
  return memLimitBytes === undefined ? {} : { memLimitBytes };
}

function checkSingleContainer(source: ComposeSource, at: FieldPath, value: unknown): void {
  if (value === undefined || value === null) return;
  const count = readInteger(source, at, value, { min: 0 });
  if (count === 1) return;
  const hint = count === 0 ? ' (use profiles: to leave a service out)' : '';
  throw source.error(
    at,
    `${count} containers are not supported: etl-cycle runs one container per service; set ${String(at[at.length - 1])} to 1 or remove it${hint}`,
  );
}

function readMemory(source: ComposeSource, at: FieldPath, value: unknown): number {
  const bytes = typeof value === 'number' || typeof value === 'string' ? parseByteSize(value) : undefined;
  if (bytes === undefined || bytes === 0) {
    throw source.error(
      at,
      `${describeValue(value)} is not a memory size; expected bytes or a number with a unit such as "512m", "1g" or "1.5gb"`,
    );
  }
  return bytes;
}
