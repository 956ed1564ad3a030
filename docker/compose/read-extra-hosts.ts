/**
 * `extra_hosts:` as a list (`"db.local:10.0.0.5"`, `"db.local=10.0.0.5"`) or a mapping
 * (`db.local: 10.0.0.5`, or a list of addresses), in the engine's `host:ip` form. `host-gateway`
 * is passed through for the engine to resolve.
 */
import { isIP } from 'node:net';
import { describeValue } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { isMapping, readList, readString, readStringOrList } from './read-field.js';

const FORMS = 'expected "HOST:IP" or "HOST=IP" such as "db.local:10.0.0.5"';

export function readExtraHosts(source: ComposeSource, path: FieldPath, value: unknown): string[] {
  if (isMapping(value)) {
    return Object.entries(value).flatMap(([host, addresses]) =>
      readStringOrList(source, [...path, host], addresses).map((address) =>
        hostEntry(source, [...path, host], host, address, `${host}: ${address}`),
      ),
    );
  }
  return readList(source, path, value, 'a list of "HOST:IP" strings or a mapping of host: ip').map((item, index) => {
    const at = [...path, index];
    const text = readString(source, at, item, FORMS);
    // "=" is the unambiguous separator (IPv6 addresses hold ":"); without it the host ends at the first ":".
    const separator = text.includes('=') ? text.indexOf('=') : text.indexOf(':');
    if (separator < 0) throw source.error(at, `${describeValue(text)}: ${FORMS}`);
    return hostEntry(source, at, text.slice(0, separator), text.slice(separator + 1), text);
  });
}

function hostEntry(source: ComposeSource, at: FieldPath, host: string, rawAddress: string, written: string): string {
  const address = rawAddress.trim().replace(/^\[(.*)\]$/, '$1');
  if (!host.trim() || (address !== 'host-gateway' && isIP(address) === 0)) throw source.error(at, `${describeValue(written)}: ${FORMS}`);
  return `${host.trim()}:${address}`;
}
