/**
 * How a readiness check reaches a container port (see port-prober.ts and probe-route.ts).
 * Two routes, each a chain of methods tried in order until one can answer:
 * - `from-host`: the engine runs on this machine, so its container networks are ours:
 *   the container's own address, else exec inside the container, else the published host port;
 * - `from-engine`: the engine's networks are not reachable from here (another host, a VM, etl-cycle
 *   itself in a container): exec inside the container, else a one-shot helper container on the
 *   container's network, else the port published on the engine's host.
 * The single methods (`container-address`, `in-container`, `helper-container`, `host-port`) use only
 * that one and fail the wait when it cannot work: for tests and for setups that know better.
 */
export type PortProbeMode = 'from-host' | 'from-engine' | 'container-address' | 'in-container' | 'helper-container' | 'host-port';
