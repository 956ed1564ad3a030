/**
 * The top-level `networks:` and `volumes:` declarations. Engine names follow Compose:
 * `<project>_<key>` unless `name:` says otherwise, and an external resource is used under its
 * own name (`name:` or the key) and never created or removed.
 */
import type { NetworkModel, VolumeModel } from '../types.js';
import { checkKeys } from './check-keys.js';
import { NETWORK_KEYS, VOLUME_KEYS } from './compose-keys.js';
import type { KeyCatalogue } from './compose-keys.js';
import { describeValue, formatFieldPath } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { isMapping, readBoolean, readKeyValues, readMapping, readString } from './read-field.js';
import type { Mapping } from './read-field.js';

export function readNetworkDeclarations(source: ComposeSource, value: unknown, projectName: string): Map<string, NetworkModel> {
  return readDeclarations(source, 'networks', value, projectName, NETWORK_KEYS, (model) => model);
}

export function readVolumeDeclarations(source: ComposeSource, value: unknown, projectName: string): Map<string, VolumeModel> {
  return readDeclarations(source, 'volumes', value, projectName, VOLUME_KEYS, (model, spec, path) => {
    const volume: VolumeModel = model;
    if (spec.driver_opts !== undefined && spec.driver_opts !== null) {
      const options: Record<string, string> = {};
      for (const [key, option] of readKeyValues(source, [...path, 'driver_opts'], spec.driver_opts)) options[key] = option ?? '';
      volume.driverOpts = options;
    }
    return volume;
  });
}

/** The model for the `default` network when the file does not declare it. */
export function defaultNetwork(projectName: string): NetworkModel {
  return { key: 'default', name: `${projectName}_default`, external: false, labels: {} };
}

type Declaration = NetworkModel & VolumeModel;

function readDeclarations<T>(
  source: ComposeSource,
  section: 'networks' | 'volumes',
  value: unknown,
  projectName: string,
  catalogue: KeyCatalogue,
  finish: (model: Declaration, spec: Mapping, path: FieldPath) => T,
): Map<string, T> {
  const out = new Map<string, T>();
  const declarations = readMapping(source, [section], value, `a mapping of ${section === 'networks' ? 'network' : 'volume'} names`);
  for (const [key, entry] of Object.entries(declarations)) {
    const path: FieldPath = [section, key];
    const spec = readMapping(source, path, entry, 'a mapping (or nothing, for the defaults)');
    checkKeys(source, path, spec, catalogue);

    let external = false;
    let name = spec.name === undefined || spec.name === null ? undefined : readString(source, [...path, 'name'], spec.name);
    if (isMapping(spec.external)) {
      // Legacy form `external: { name: x }`, still common in older files.
      external = true;
      name ??= spec.external.name === undefined ? undefined : readString(source, [...path, 'external', 'name'], spec.external.name);
      source.warn(
        [...path, 'external'],
        `${formatFieldPath([...path, 'external', 'name'])} is deprecated; write external: true and name: instead`,
      );
    } else if (spec.external !== undefined && spec.external !== null) {
      external = readBoolean(source, [...path, 'external'], spec.external);
    }
    if (external) {
      for (const ignored of ['driver', 'driver_opts', 'labels'].filter((k) => spec[k] !== undefined)) {
        source.warn(
          [...path, ignored],
          `${formatFieldPath([...path, ignored])} has no effect on an external ${section === 'networks' ? 'network' : 'volume'} and is ignored`,
        );
      }
    }
    if (name !== undefined && !name.trim()) throw source.error([...path, 'name'], `${describeValue(name)} is not a name`);

    const labels: Record<string, string> = {};
    for (const [label, text] of readKeyValues(source, [...path, 'labels'], spec.labels)) labels[label] = text ?? '';
    const model: Declaration = { key, name: name ?? (external ? key : `${projectName}_${key}`), external, labels };
    if (spec.driver !== undefined && spec.driver !== null) model.driver = readString(source, [...path, 'driver'], spec.driver);
    out.set(key, finish(model, spec, path));
  }
  return out;
}
