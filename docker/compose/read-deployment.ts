/**
 * How many containers, how much of the machine and how Swarm should place and roll them:
 * `mem_limit`, `scale` and the whole `deploy:` section, validated as Swarm validates it, so a value
 * the manager would reject (or accept and never schedule, like a misspelt constraint key) fails
 * here with the file and line, before anything is created. Whether the stack can honour it (a
 * plain container stack runs exactly one container per service) is decided once the engine is
 * known, in docker/stack-mode.ts.
 */
import type { DeploySpec, UpdateSettings } from '../types.js';
import { checkKeys } from './check-keys.js';
import {
  DEPLOY_KEYS,
  DEPLOY_LIMITS_KEYS,
  DEPLOY_PLACEMENT_KEYS,
  DEPLOY_RESERVATIONS_KEYS,
  DEPLOY_RESOURCES_KEYS,
  DEPLOY_RESTART_POLICY_KEYS,
  DEPLOY_UPDATE_KEYS,
} from './compose-keys.js';
import { describeValue } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { parseByteSize } from '../../core/byte-size.js';
import { readDurationMs, readInteger, readKeyValues, readList, readMapping, readString } from './read-field.js';
import type { Mapping } from './read-field.js';

export interface Deployment {
  memLimitBytes?: number;
  deploy?: DeploySpec;
}

/** The keys Swarm's scheduler knows in a placement constraint; anything else never matches a node. */
const CONSTRAINT = /^\s*([A-Za-z0-9_.-]+)\s*(==|!=)\s*(\S(?:.*\S)?)\s*$/;
const CONSTRAINT_KEYS = ['node.id', 'node.hostname', 'node.role', 'node.platform.os', 'node.platform.arch'];
const CONSTRAINT_PREFIXES = ['node.labels.', 'engine.labels.'];

export function readDeployment(source: ComposeSource, path: FieldPath, service: Mapping): Deployment {
  const present = (value: unknown) => value !== undefined && value !== null;
  const memLimit = present(service.mem_limit) ? readMemory(source, [...path, 'mem_limit'], service.mem_limit) : undefined;
  if (!present(service.deploy) && !present(service.scale)) return memLimit === undefined ? {} : { memLimitBytes: memLimit };

  const at = (...keys: string[]): FieldPath => [...path, 'deploy', ...keys];
  const deploy = readMapping(source, at(), service.deploy);
  checkKeys(source, at(), deploy, DEPLOY_KEYS);
  const locations: Record<string, string> = {};
  const spec: DeploySpec = { mode: 'replicated', labels: {}, locations };
  const note = (key: string, where: FieldPath) => (locations[key] = source.describe(where));

  if (present(deploy.mode)) {
    const mode = readString(source, at('mode'), deploy.mode);
    if (mode !== 'replicated' && mode !== 'global') {
      throw source.error(
        at('mode'),
        `${describeValue(mode)} is not a mode etl-cycle runs; expected replicated or global (one-shot jobs: replicated with restart_policy.condition none)`,
      );
    }
    spec.mode = mode;
    note('mode', at('mode'));
  }

  const scale = present(service.scale) ? readInteger(source, [...path, 'scale'], service.scale, { min: 0 }) : undefined;
  const replicas = present(deploy.replicas) ? readInteger(source, at('replicas'), deploy.replicas, { min: 0 }) : undefined;
  if (scale !== undefined && replicas !== undefined && scale !== replicas) {
    throw source.error([...path, 'scale'], `${scale} disagrees with deploy.replicas (${replicas}); keep one of them`);
  }
  if (spec.mode === 'global' && (replicas ?? scale) !== undefined) {
    throw source.error(replicas !== undefined ? at('replicas') : [...path, 'scale'], 'replicas can only be used with mode replicated');
  }
  if (replicas !== undefined || scale !== undefined) {
    spec.replicas = replicas ?? scale;
    note('replicas', replicas !== undefined ? at('replicas') : [...path, 'scale']);
  }

  let deployMemory: number | undefined;
  if (present(deploy.resources)) {
    const resources = readMapping(source, at('resources'), deploy.resources);
    checkKeys(source, at('resources'), resources, DEPLOY_RESOURCES_KEYS);
    const limits = readMapping(source, at('resources', 'limits'), resources.limits);
    checkKeys(source, at('resources', 'limits'), limits, DEPLOY_LIMITS_KEYS);
    if (present(limits.memory)) deployMemory = readMemory(source, at('resources', 'limits', 'memory'), limits.memory);
    if (present(limits.cpus)) {
      spec.cpusLimit = readCpus(source, at('resources', 'limits', 'cpus'), limits.cpus);
      note('cpus', at('resources', 'limits', 'cpus'));
    }
    if (present(limits.pids)) {
      spec.pidsLimit = readInteger(source, at('resources', 'limits', 'pids'), limits.pids, { min: 1 });
      note('pids', at('resources', 'limits', 'pids'));
    }
    const reservations = readMapping(source, at('resources', 'reservations'), resources.reservations);
    checkKeys(source, at('resources', 'reservations'), reservations, DEPLOY_RESERVATIONS_KEYS);
    if (present(reservations.memory)) {
      spec.memoryReservationBytes = readMemory(source, at('resources', 'reservations', 'memory'), reservations.memory);
      note('reservations', at('resources', 'reservations'));
    }
    if (present(reservations.cpus)) {
      spec.cpusReservation = readCpus(source, at('resources', 'reservations', 'cpus'), reservations.cpus);
      note('reservations', at('resources', 'reservations'));
    }
    const memoryLimit = memLimit ?? deployMemory;
    if (spec.memoryReservationBytes !== undefined && memoryLimit !== undefined && spec.memoryReservationBytes > memoryLimit) {
      throw source.error(at('resources', 'reservations', 'memory'), 'is larger than the memory limit; a reservation must fit in the limit');
    }
  }
  if (memLimit !== undefined && deployMemory !== undefined && memLimit !== deployMemory) {
    throw source.error(
      [...path, 'mem_limit'],
      `${describeValue(service.mem_limit)} disagrees with deploy.resources.limits.memory; keep one of them`,
    );
  }

  if (present(deploy.restart_policy)) {
    spec.restartPolicy = readRestartPolicy(source, at('restart_policy'), deploy.restart_policy);
    note('restart_policy', at('restart_policy'));
  }
  if (present(deploy.placement)) {
    spec.placement = readPlacement(source, at('placement'), deploy.placement);
    if (spec.mode === 'global' && spec.placement.maxReplicasPerNode !== undefined) {
      throw source.error(at('placement', 'max_replicas_per_node'), 'cannot be used with mode global (one task per node already)');
    }
    note('placement', at('placement'));
  }
  for (const key of ['update_config', 'rollback_config'] as const) {
    if (!present(deploy[key])) continue;
    const settings = readUpdateSettings(source, at(key), deploy[key], key === 'rollback_config');
    if (key === 'update_config') spec.updateConfig = settings;
    else spec.rollbackConfig = settings;
    note(key, at(key));
  }
  if (present(deploy.endpoint_mode)) {
    const mode = readString(source, at('endpoint_mode'), deploy.endpoint_mode);
    if (mode !== 'vip' && mode !== 'dnsrr') throw source.error(at('endpoint_mode'), `${describeValue(mode)}: expected vip or dnsrr`);
    spec.endpointMode = mode;
    note('endpoint_mode', at('endpoint_mode'));
  }
  if (present(deploy.labels)) {
    for (const [key, value] of readKeyValues(source, at('labels'), deploy.labels)) spec.labels[key] = value ?? '';
    note('labels', at('labels'));
  }

  const memLimitBytes = memLimit ?? deployMemory;
  return { ...(memLimitBytes === undefined ? {} : { memLimitBytes }), deploy: spec };
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

function readCpus(source: ComposeSource, at: FieldPath, value: unknown): number {
  const cpus = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(cpus) || cpus <= 0)
    throw source.error(at, `${describeValue(value)} is not a number of CPUs; expected e.g. 0.5 or "2"`);
  return cpus;
}

function readRestartPolicy(source: ComposeSource, at: FieldPath, value: unknown): NonNullable<DeploySpec['restartPolicy']> {
  const policy = readMapping(source, at, value);
  checkKeys(source, at, policy, DEPLOY_RESTART_POLICY_KEYS);
  const condition =
    policy.condition === undefined || policy.condition === null ? 'any' : readString(source, [...at, 'condition'], policy.condition);
  if (condition !== 'none' && condition !== 'on-failure' && condition !== 'any') {
    throw source.error(
      [...at, 'condition'],
      `${describeValue(condition)} is not a Swarm restart condition; expected none, on-failure or any`,
    );
  }
  const optionalDuration = (key: string) =>
    policy[key] === undefined || policy[key] === null ? undefined : readDurationMs(source, [...at, key], policy[key]);
  const delayMs = optionalDuration('delay');
  const windowMs = optionalDuration('window');
  const maxAttempts =
    policy.max_attempts === undefined || policy.max_attempts === null
      ? undefined
      : readInteger(source, [...at, 'max_attempts'], policy.max_attempts, { min: 0 });
  return {
    condition,
    ...(delayMs === undefined ? {} : { delayMs }),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(windowMs === undefined ? {} : { windowMs }),
  };
}

function readPlacement(source: ComposeSource, at: FieldPath, value: unknown): NonNullable<DeploySpec['placement']> {
  const placement = readMapping(source, at, value);
  checkKeys(source, at, placement, DEPLOY_PLACEMENT_KEYS);
  const constraints = readList(source, [...at, 'constraints'], placement.constraints).map((item, index) => {
    const where = [...at, 'constraints', index];
    const text = readString(source, where, item, 'a constraint such as "node.role == manager"');
    const match = CONSTRAINT.exec(text);
    if (!match) throw source.error(where, `${describeValue(text)} is not a constraint; write <key> == <value> or <key> != <value>`);
    const [, key = '', , operand = ''] = match;
    if (!CONSTRAINT_KEYS.includes(key) && !CONSTRAINT_PREFIXES.some((prefix) => key.startsWith(prefix) && key.length > prefix.length)) {
      throw source.error(
        where,
        `unknown constraint key "${key}": no node would ever match; use ${CONSTRAINT_KEYS.join(', ')}, node.labels.<name> or engine.labels.<name>`,
      );
    }
    if (key === 'node.role' && operand !== 'manager' && operand !== 'worker') {
      throw source.error(where, `node.role is manager or worker, not ${describeValue(operand)}`);
    }
    return text.trim();
  });
  const preferences = readList(source, [...at, 'preferences'], placement.preferences).map((item, index) => {
    const where = [...at, 'preferences', index];
    const preference = readMapping(source, where, item, 'a mapping such as { spread: node.labels.zone }');
    const keys = Object.keys(preference);
    if (keys.length !== 1 || keys[0] !== 'spread') throw source.error(where, 'Swarm knows one placement preference: spread: <node label>');
    return readString(source, [...where, 'spread'], preference.spread);
  });
  const max =
    placement.max_replicas_per_node === undefined || placement.max_replicas_per_node === null
      ? undefined
      : readInteger(source, [...at, 'max_replicas_per_node'], placement.max_replicas_per_node, { min: 0 });
  return { constraints, preferences, ...(max === undefined ? {} : { maxReplicasPerNode: max }) };
}

function readUpdateSettings(source: ComposeSource, at: FieldPath, value: unknown, rollback: boolean): UpdateSettings {
  const update = readMapping(source, at, value);
  checkKeys(source, at, update, DEPLOY_UPDATE_KEYS);
  const settings: UpdateSettings = {};
  const has = (key: string) => update[key] !== undefined && update[key] !== null;
  if (has('parallelism')) settings.parallelism = readInteger(source, [...at, 'parallelism'], update.parallelism, { min: 0 });
  if (has('delay')) settings.delayMs = readDurationMs(source, [...at, 'delay'], update.delay);
  if (has('monitor')) settings.monitorMs = readDurationMs(source, [...at, 'monitor'], update.monitor);
  if (has('failure_action')) {
    const action = readString(source, [...at, 'failure_action'], update.failure_action);
    const allowed = rollback ? ['continue', 'pause'] : ['continue', 'rollback', 'pause'];
    if (!allowed.includes(action))
      throw source.error([...at, 'failure_action'], `${describeValue(action)}: expected ${allowed.join(', ')}`);
    settings.failureAction = action as UpdateSettings['failureAction'];
  }
  if (has('max_failure_ratio')) {
    const ratio = Number(update.max_failure_ratio);
    if (!(typeof update.max_failure_ratio === 'number' || typeof update.max_failure_ratio === 'string') || !(ratio >= 0 && ratio <= 1)) {
      throw source.error([...at, 'max_failure_ratio'], `${describeValue(update.max_failure_ratio)}: expected a fraction from 0 to 1`);
    }
    settings.maxFailureRatio = ratio;
  }
  if (has('order')) {
    const order = readString(source, [...at, 'order'], update.order);
    if (order !== 'stop-first' && order !== 'start-first')
      throw source.error([...at, 'order'], `${describeValue(order)}: expected stop-first or start-first`);
    settings.order = order;
  }
  return settings;
}
