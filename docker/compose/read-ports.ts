/**
 * A service's `ports:` (short and long syntax, published) and `expose:` (container ports only),
 * as one list of PortMapping. An exposed port that `ports:` already publishes is not repeated.
 */
import { isIP } from 'node:net';
import type { PortMapping } from '../types.js';
import { checkKeys } from './check-keys.js';
import { PORT_KEYS } from './compose-keys.js';
import { describeValue } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { PortSpecError, parseExposeSpec, parsePortRange, parsePortSpec, parseProtocol, portMapping } from './parse-port-spec.js';
import { isMapping, readInteger, readList, readString } from './read-field.js';

const SHORT_SYNTAX =
  'expected "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]" such as "8080:80", "127.0.0.1:5432:5432" or "9000-9001:9000-9001"';

export function readPorts(source: ComposeSource, path: FieldPath, ports: unknown, expose: unknown): PortMapping[] {
  const out: PortMapping[] = [];
  readList(source, [...path, 'ports'], ports).forEach((entry, index) => {
    out.push(...readPortEntry(source, [...path, 'ports', index], entry));
  });
  readList(source, [...path, 'expose'], expose).forEach((entry, index) => {
    const at = [...path, 'expose', index];
    const text = readString(source, at, entry, 'a container port such as "3000" or "3000/udp"');
    for (const port of parseOrFail(
      source,
      at,
      entry,
      () => parseExposeSpec(text),
      'expected a container port such as 3000, "3000-3005" or "3000/udp"',
    )) {
      if (!out.some((known) => known.containerPort === port.containerPort && known.protocol === port.protocol)) out.push(port);
    }
  });
  return out;
}

function readPortEntry(source: ComposeSource, at: FieldPath, entry: unknown): PortMapping[] {
  if (typeof entry === 'number' || typeof entry === 'string') {
    return parseOrFail(source, at, entry, () => parsePortSpec(String(entry)), SHORT_SYNTAX);
  }
  if (!isMapping(entry))
    throw source.error(at, `${describeValue(entry)} is not a port mapping; ${SHORT_SYNTAX}, or a mapping with target/published`);
  checkKeys(source, at, entry, PORT_KEYS);
  if (entry.target === undefined) throw source.error(at, 'target (the container port) is required in the long port syntax');
  const target = readInteger(source, [...at, 'target'], entry.target, { min: 1, max: 65535 });
  const protocol =
    entry.protocol === undefined
      ? 'tcp'
      : parseOrFail(
          source,
          [...at, 'protocol'],
          entry.protocol,
          () => parseProtocol(readString(source, [...at, 'protocol'], entry.protocol)),
          'expected tcp or udp',
        );
  const hostIp = entry.host_ip === undefined ? undefined : readString(source, [...at, 'host_ip'], entry.host_ip);
  if (hostIp !== undefined && hostIp !== '' && isIP(hostIp) === 0) {
    throw source.error([...at, 'host_ip'], `${describeValue(hostIp)} is not an IP address`);
  }
  let hostPort: number | undefined;
  if (entry.published !== undefined && entry.published !== null && entry.published !== '') {
    const text = readString(source, [...at, 'published'], entry.published, 'a host port');
    const range = parseOrFail(
      source,
      [...at, 'published'],
      entry.published,
      () => parsePortRange(text, 'published port'),
      'expected a host port such as 8080',
    );
    if (range.length !== 1)
      throw source.error(
        [...at, 'published'],
        `${describeValue(entry.published)}: a host port range for a single container port is not supported; publish one host port`,
      );
    hostPort = range[0];
  }
  // Long-syntax ports are published like short ones: without `published`, on an ephemeral host port.
  return [portMapping(target, protocol, true, hostPort, hostIp || undefined)];
}

function parseOrFail<T>(source: ComposeSource, at: FieldPath, value: unknown, parse: () => T, expected: string): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof PortSpecError) throw source.error(at, `${describeValue(value)}: ${error.message}; ${expected}`, error);
    throw error;
  }
}
