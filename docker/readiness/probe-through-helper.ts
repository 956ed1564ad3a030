/**
 * TCP and HTTP checks run by a helper container (probe-helper.ts) against the container's address
 * on its own network: what another container of the stack would see.
 */
import type { ContainerInfo } from '../engine/engine-client.js';
import type { HttpAnswer } from './probe-http.js';
import { httpProbeScript, tcpProbeScript } from './probe-helper.js';
import type { ProbeContext } from './wait-strategy.js';

export type HelperVerdict = { status: 'ok' | 'failed'; detail: string } | { status: 'unavailable'; detail: string };

/** The container's first network with an address, as the helper joins it. */
function endpointOf(container: ContainerInfo): { network: string; address: string } | undefined {
  const found = container.networks.find((n) => n.ipAddress);
  return found && { network: found.network, address: found.ipAddress };
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export async function tcpThroughHelper(ctx: ProbeContext, port: number, timeoutMs: number): Promise<HelperVerdict> {
  const endpoint = endpointOf(ctx.container);
  if (!ctx.helper) return { status: 'unavailable', detail: 'no probe containers here' };
  if (!endpoint) return { status: 'unavailable', detail: 'the container has no address on a network' };
  const outcome = await ctx.helper.run({
    network: endpoint.network,
    image: ctx.container.image,
    script: tcpProbeScript(endpoint.address, port, seconds(timeoutMs)),
    timeoutMs,
    signal: ctx.signal,
  });
  if (outcome.status === 'unavailable') return outcome;
  const where = `${endpoint.address}:${port} from a probe container on ${endpoint.network}`;
  return outcome.exitCode === 0
    ? { status: 'ok', detail: `${where} accepted` }
    : { status: 'failed', detail: `${where}: connection refused` };
}

export async function httpThroughHelper(
  ctx: ProbeContext,
  port: number,
  path: string,
  timeoutMs: number,
): Promise<{ url: string; answer: HttpAnswer } | { unavailable: string }> {
  const endpoint = endpointOf(ctx.container);
  if (!ctx.helper) return { unavailable: 'no probe containers here' };
  if (!endpoint) return { unavailable: 'the container has no address on a network' };
  const url = `http://${endpoint.address}:${port}${path}`;
  const outcome = await ctx.helper.run({
    network: endpoint.network,
    image: ctx.container.image,
    script: httpProbeScript(endpoint.address, port, path, seconds(timeoutMs)),
    timeoutMs,
    signal: ctx.signal,
  });
  if (outcome.status === 'unavailable') return { unavailable: outcome.detail };
  const shown = `${url} (from a probe container)`;
  const last = [...outcome.output.matchAll(/HTTP\/\d(?:\.\d)? (\d{3})/g)].at(-1)?.[1];
  if (last && last !== '000') return { url: shown, answer: { status: Number(last) } };
  return { url: shown, answer: { error: outcome.output.trim().split('\n').pop() || `no answer (exit ${outcome.exitCode})` } };
}
