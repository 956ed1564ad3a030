/**
 * A service's `networks:` (a list of keys, or a mapping with `aliases`). Without any, the
 * service joins the project's `default` network, as in Compose; any other key must be declared
 * under the top-level `networks:`.
 */
import { checkKeys } from './check-keys.js';
import { SERVICE_NETWORK_KEYS } from './compose-keys.js';
import { describeValue } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { isMapping, readMapping, readString, readStringOrList } from './read-field.js';

export interface ServiceNetworks {
  networks: string[];
  aliases: string[];
}

export function readServiceNetworks(
  source: ComposeSource,
  path: FieldPath,
  value: unknown,
  declared: ReadonlySet<string>,
): ServiceNetworks {
  const networks: string[] = [];
  const aliases: string[] = [];
  const join = (key: string, at: FieldPath): void => {
    if (key !== 'default' && !declared.has(key)) {
      throw source.error(at, `network "${key}" is not declared; add it under the top-level networks: (networks: { ${key}: {} })`);
    }
    if (!networks.includes(key)) networks.push(key);
  };

  if (Array.isArray(value)) {
    value.forEach((item, index) => join(readString(source, [...path, index], item, 'a network name'), [...path, index]));
  } else if (isMapping(value)) {
    for (const [key, attachment] of Object.entries(value)) {
      const at = [...path, key];
      join(key, at);
      const spec = readMapping(source, at, attachment, 'a mapping with aliases');
      checkKeys(source, at, spec, SERVICE_NETWORK_KEYS);
      for (const alias of readStringOrList(source, [...at, 'aliases'], spec.aliases)) {
        if (!aliases.includes(alias)) aliases.push(alias);
      }
    }
  } else if (value !== null && value !== undefined) {
    throw source.error(path, `expected a list of network names or a mapping of network: { aliases }, got ${describeValue(value)}`);
  }
  return { networks: networks.length ? networks : ['default'], aliases };
}
