/**
 * Whether the engine runs on this machine. It decides how readiness reaches a container (see
 * docker/readiness/probe-route.ts): from here when the engine's container networks are this
 * machine's, from inside the engine's network when they are on another host. A socket is local;
 * a TCP or ssh address is local when its host is loopback or one of this machine's own addresses
 * or names. A host name that is neither counts as remote: guessing "local" would send probes
 * to addresses that exist only on the other machine.
 */
import { hostname, networkInterfaces } from 'node:os';
import type { EngineTarget } from './engine-target.js';

export type EngineLocation = 'local' | 'remote';

export interface LocalIdentity {
  addresses: ReadonlySet<string>;
  names: ReadonlySet<string>;
}

export function thisMachine(): LocalIdentity {
  const addresses = new Set(Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address)));
  const name = hostname().toLowerCase();
  return { addresses, names: new Set([name, name.split('.')[0] ?? name, 'localhost']) };
}

export function engineLocation(target: Pick<EngineTarget, 'transport' | 'host'>, local: LocalIdentity): EngineLocation {
  if (target.transport === 'unix' || target.transport === 'npipe') return 'local';
  const host = (target.host ?? '').toLowerCase();
  if (host === '' || host === '::1' || host === '0.0.0.0' || host === '::' || /^127\./.test(host) || host.endsWith('.localhost'))
    return 'local';
  if (local.addresses.has(host) || local.names.has(host)) return 'local';
  return 'remote';
}
