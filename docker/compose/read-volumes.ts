/**
 * A service's mounts: `volumes:` in short syntax (`pgdata:/var/lib/postgresql/data:ro`,
 * `./init:/docker-entrypoint-initdb.d`, `/abs:/path`, `/anonymous`) and long syntax (type/
 * source/target/read_only), plus `tmpfs:`. Like Compose, a source starting with `.`, `/` or `~`
 * is a host path (relative ones resolved against the Compose file's folder), anything else is
 * a named volume, which must be declared under the top-level `volumes:`.
 */
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { VolumeMount } from '../types.js';
import { checkKeys } from './check-keys.js';
import { SERVICE_VOLUME_KEYS } from './compose-keys.js';
import { describeValue } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { isMapping, readBoolean, readList, readString, readStringOrList } from './read-field.js';

export interface VolumeContext {
  /** Folder relative host paths are resolved against. */
  projectDir: string;
  /** Keys declared under the top-level `volumes:`. */
  declaredVolumes: ReadonlySet<string>;
}

/** Options of the short syntax etl-cycle accepts without effect (SELinux labels, propagation, macOS consistency). */
const HARMLESS_OPTIONS = new Set([
  'z',
  'Z',
  'nocopy',
  'cached',
  'delegated',
  'consistent',
  'shared',
  'rshared',
  'slave',
  'rslave',
  'private',
  'rprivate',
]);

export function readVolumes(
  source: ComposeSource,
  path: FieldPath,
  volumes: unknown,
  tmpfs: unknown,
  context: VolumeContext,
): VolumeMount[] {
  const mounts: VolumeMount[] = [];
  const add = (mount: VolumeMount, at: FieldPath): void => {
    if (mounts.some((known) => known.target === mount.target))
      throw source.error(at, `${mount.target} is mounted twice in this service; keep one mount per target`);
    mounts.push(mount);
  };
  readList(source, [...path, 'volumes'], volumes).forEach((entry, index) => {
    const at = [...path, 'volumes', index];
    add(isMapping(entry) ? readLongVolume(source, at, entry, context) : readShortVolume(source, at, entry, context), at);
  });
  readStringOrList(source, [...path, 'tmpfs'], tmpfs).forEach((entry, index) => {
    const at = Array.isArray(tmpfs) ? [...path, 'tmpfs', index] : [...path, 'tmpfs'];
    const [target = '', options] = splitOnce(entry, ':');
    if (options) source.warn(at, `${describeValue(entry)}: tmpfs options (${options}) are not supported by etl-cycle and are ignored`);
    add({ type: 'tmpfs', target: absoluteTarget(source, at, target), readOnly: false }, at);
  });
  return mounts;
}

function readShortVolume(source: ComposeSource, at: FieldPath, entry: unknown, context: VolumeContext): VolumeMount {
  const spec = readString(
    source,
    at,
    entry,
    'a volume such as "pgdata:/var/lib/postgresql/data", "./init:/init:ro" or a long-syntax mapping',
  );
  const parts = spec.split(':');
  if (parts.length > 3) throw source.error(at, `${describeValue(spec)} has too many ":"; expected "SOURCE:TARGET[:MODE]"`);
  if (parts.some((part) => part === ''))
    throw source.error(at, `${describeValue(spec)} has an empty part; expected "SOURCE:TARGET[:MODE]"`);
  if (parts.length === 1) return { type: 'volume', target: absoluteTarget(source, at, spec), readOnly: false };

  const [from, target, mode] = parts as [string, string, string | undefined];
  let readOnly = false;
  for (const option of mode?.split(',') ?? []) {
    if (option === 'ro' || option === 'rw') readOnly = option === 'ro';
    else if (!HARMLESS_OPTIONS.has(option))
      source.warn(at, `${describeValue(spec)}: volume option "${option}" is not supported by etl-cycle and is ignored`);
  }
  if (isHostPath(from)) return { type: 'bind', source: hostPath(from, context), target: absoluteTarget(source, at, target), readOnly };
  return { type: 'volume', source: declaredVolume(source, at, from, context), target: absoluteTarget(source, at, target), readOnly };
}

function readLongVolume(source: ComposeSource, at: FieldPath, entry: Record<string, unknown>, context: VolumeContext): VolumeMount {
  checkKeys(source, at, entry, SERVICE_VOLUME_KEYS);
  if (entry.type === undefined) throw source.error(at, 'type is required in the long volume syntax (volume, bind or tmpfs)');
  const type = readString(source, [...at, 'type'], entry.type);
  if (entry.target === undefined) throw source.error(at, 'target (the path in the container) is required in the long volume syntax');
  const target = absoluteTarget(source, [...at, 'target'], readString(source, [...at, 'target'], entry.target));
  const readOnly = entry.read_only === undefined ? false : readBoolean(source, [...at, 'read_only'], entry.read_only);
  const from =
    entry.source === undefined || entry.source === null || entry.source === ''
      ? undefined
      : readString(source, [...at, 'source'], entry.source);
  switch (type) {
    case 'volume': {
      if (isMapping(entry.volume) && entry.volume.subpath !== undefined) {
        throw source.error(
          [...at, 'volume', 'subpath'],
          'not supported: etl-cycle mounts whole volumes; mount the volume and point the service at the sub-folder',
        );
      }
      const mount: VolumeMount = { type: 'volume', target, readOnly };
      if (from !== undefined) mount.source = declaredVolume(source, [...at, 'source'], from, context);
      return mount;
    }
    case 'bind':
      if (from === undefined) throw source.error([...at, 'source'], 'a bind mount needs source (the host path)');
      return { type: 'bind', source: hostPath(from, context), target, readOnly };
    case 'tmpfs':
      if (from !== undefined) throw source.error([...at, 'source'], `a tmpfs mount has no source, got ${describeValue(from)}; remove it`);
      return { type: 'tmpfs', target, readOnly };
    case 'npipe':
    case 'cluster':
    case 'image':
      throw source.error([...at, 'type'], `volume type "${type}" is not supported by etl-cycle; use volume, bind or tmpfs`);
    default:
      throw source.error([...at, 'type'], `unknown volume type ${describeValue(type)}; expected volume, bind or tmpfs`);
  }
}

function isHostPath(from: string): boolean {
  return from.startsWith('.') || from.startsWith('/') || from.startsWith('~');
}

function hostPath(from: string, context: VolumeContext): string {
  if (from === '~' || from.startsWith('~/')) return resolve(homedir(), from.slice(2));
  return isAbsolute(from) ? resolve(from) : resolve(context.projectDir, from);
}

function declaredVolume(source: ComposeSource, at: FieldPath, key: string, context: VolumeContext): string {
  if (!context.declaredVolumes.has(key)) {
    throw source.error(
      at,
      `named volume "${key}" is not declared; add it under the top-level volumes: (volumes: { ${key}: {} }), or write ./${key} for a folder next to the Compose file`,
    );
  }
  return key;
}

function absoluteTarget(source: ComposeSource, at: FieldPath, target: string): string {
  if (!target.startsWith('/')) throw source.error(at, `container path ${describeValue(target)} must be absolute (start with "/")`);
  return target;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}
