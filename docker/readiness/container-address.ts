import { networkInterfaces } from 'node:os';
import type { ContainerInfo } from '../engine/engine-client.js';

/**
 * The container's own address, when this machine can route to it: one of its networks has a
 * gateway that is an address of a local interface, i.e. the network's bridge is on this host (a
 * Linux host running the engine). On Docker Desktop, or with etl-cycle inside a container, no
 * gateway is local and we return undefined without sending a single packet to an address that
 * might not be the container's.
 */
export function reachableContainerAddress(container: ContainerInfo): string | undefined {
  const local = new Set(Object.values(networkInterfaces()).flatMap((addresses) => (addresses ?? []).map((a) => a.address)));
  return container.networks.find((n) => n.ipAddress && n.gateway && local.has(n.gateway))?.ipAddress;
}

/** Any address the container has on a network, reachable or not (for the forced `container-address` mode). */
export function anyContainerAddress(container: ContainerInfo): string | undefined {
  return container.networks.find((n) => n.ipAddress)?.ipAddress;
}
