/**
 * Compose's short port syntax, `[[HOST_IP:][HOST_PORT]:]CONTAINER_PORT[/PROTOCOL]`, where ports
 * may be ranges ("8000-8001:8000-8001") and an IPv6 host address is written in brackets
 * ("[::1]:8080:80"). A port without a host port is published on an ephemeral host port.
 */
import { isIP } from 'node:net';
import type { PortMapping } from '../types.js';

/** The spec is not a port mapping; the message says why (the caller adds file and field). */
export class PortSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortSpecError';
  }
}

export function parsePortSpec(spec: string): PortMapping[] {
  const { text, protocol } = splitProtocol(spec.trim());
  let hostIp: string | undefined;
  let host: string | undefined;
  let container: string;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    const rest = end < 0 ? '' : text.slice(end + 1);
    const parts = rest.slice(1).split(':');
    if (end < 0 || !rest.startsWith(':') || parts.length !== 2) throw new PortSpecError('expected "[IPv6]:HOST_PORT:CONTAINER_PORT"');
    hostIp = text.slice(1, end);
    [host, container] = parts as [string, string];
  } else {
    const parts = text.split(':');
    container = parts[parts.length - 1]!;
    if (parts.length >= 2) host = parts[parts.length - 2];
    if (parts.length >= 3) hostIp = parts.slice(0, -2).join(':');
  }
  if (hostIp !== undefined && isIP(hostIp) === 0) throw new PortSpecError(`"${hostIp}" is not an IP address`);

  const containerPorts = parsePortRange(container, 'container port');
  const hostPorts = host ? parsePortRange(host, 'host port') : undefined;
  if (hostPorts && hostPorts.length !== containerPorts.length) {
    throw new PortSpecError(
      containerPorts.length === 1
        ? 'a host port range for a single container port is not supported; publish one host port'
        : `the host range has ${hostPorts.length} ports and the container range ${containerPorts.length}; they must have the same size`,
    );
  }
  return containerPorts.map((containerPort, index) => portMapping(containerPort, protocol, true, hostPorts?.[index], hostIp));
}

/** `expose:` entries: container ports only, never published ("3000", "3000-3005", "3000/udp"). */
export function parseExposeSpec(spec: string): PortMapping[] {
  const { text, protocol } = splitProtocol(spec.trim());
  return parsePortRange(text, 'container port').map((port) => portMapping(port, protocol, false));
}

export function parseProtocol(value: string): 'tcp' | 'udp' {
  const protocol = value.toLowerCase();
  if (protocol !== 'tcp' && protocol !== 'udp') throw new PortSpecError(`protocol "${value}" is not supported; use tcp or udp`);
  return protocol;
}

/** "8000" → [8000]; "8000-8002" → [8000, 8001, 8002]. */
export function parsePortRange(text: string, what: string): number[] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) throw new PortSpecError(`${what} "${text}" is not a port number or a range such as 8000-8001`);
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  for (const port of [start, end]) {
    if (port < 1 || port > 65535) throw new PortSpecError(`${what} ${port} is out of range (1-65535)`);
  }
  if (end < start) throw new PortSpecError(`${what} range "${text}" ends before it starts`);
  return Array.from({ length: end - start + 1 }, (_, index) => start + index);
}

export function portMapping(
  containerPort: number,
  protocol: 'tcp' | 'udp',
  published: boolean,
  hostPort?: number,
  hostIp?: string,
): PortMapping {
  const mapping: PortMapping = { containerPort, protocol, published };
  if (hostPort !== undefined) mapping.hostPort = hostPort;
  if (hostIp) mapping.hostIp = hostIp;
  return mapping;
}

function splitProtocol(spec: string): { text: string; protocol: 'tcp' | 'udp' } {
  const slash = spec.lastIndexOf('/');
  if (slash < 0) return { text: spec, protocol: 'tcp' };
  return { text: spec.slice(0, slash), protocol: parseProtocol(spec.slice(slash + 1)) };
}
