import type { ContainerInfo } from '../engine/engine-client.js';

/** The host the engine publishes ports on, as seen from here: the engine's own host for a remote engine, else loopback. */
function engineHost(endpoint: string): string {
  const match = /^(?:tcp|http|https|ssh):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/.exec(endpoint);
  return match?.[1]?.replace(/^\[|\]$/g, '') ?? '127.0.0.1';
}

/** Where a container port is published, if it is: host and port to connect to from here. */
export function publishedAddress(container: ContainerInfo, port: number, endpoint: string): { host: string; port: number } | undefined {
  const binding = container.publishedPorts.find((b) => b.containerPort === port && b.protocol === 'tcp' && b.hostPort);
  if (!binding?.hostPort) return undefined;
  const local = endpoint.startsWith('unix://') || endpoint.startsWith('npipe://');
  const boundEverywhere = !binding.hostIp || binding.hostIp === '0.0.0.0' || binding.hostIp === '::';
  if (!local) return { host: engineHost(endpoint), port: binding.hostPort };
  return {
    host: boundEverywhere ? (binding.hostIp === '::' ? '::1' : '127.0.0.1') : (binding.hostIp ?? '127.0.0.1'),
    port: binding.hostPort,
  };
}
