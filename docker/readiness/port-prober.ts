/**
 * Checks that a container port accepts TCP connections, in a way the engine's userland proxy
 * cannot fake (a published host port accepts connections before the service inside listens).
 * The route (port-probe-mode.ts) gives the methods, tried in order until one can answer:
 *   from-host:   container address → inside the container (exec) → published host port
 *   from-engine: inside the container (exec) → helper container on its network → published port
 *                on the engine's host
 * - container address: a plain connect, exactly what another container sees; only when this
 *   machine routes to it (a Linux host running the engine);
 * - inside: a LISTEN entry in the container's /proc/net/tcp, else nc, when it has a shell;
 * - helper container: a one-shot container on the same network connects to the container's address;
 * - published port: the connection must not be closed by the peer within 300 ms (the proxy closes
 *   at once when nothing listens). A server that closes every new connection itself is mistaken
 *   for "not ready" here, hence last.
 * When none can answer (no route, no shell, no usable helper image, not published) the port is
 * reported unchecked and counted as ready, with a warning, rather than failing a service we
 * cannot see. A single forced method fails the wait when it cannot work.
 */
import { anyContainerAddress, reachableContainerAddress } from './container-address.js';
import { probeListeningInContainer } from './probe-listening-in-container.js';
import { tcpThroughHelper } from './probe-through-helper.js';
import { probeTcp } from './probe-tcp.js';
import { publishedAddress } from './published-address.js';
import type { PortProbeMode } from './port-probe-mode.js';
import { probeTimeout, type ProbeContext, type ProbeResult } from './wait-strategy.js';

const PROXY_HOLD_MS = 300;

type Method = 'container-address' | 'in-container' | 'helper-container' | 'host-port';

export const PROBE_METHODS: Record<PortProbeMode, readonly Method[]> = {
  'from-host': ['container-address', 'in-container', 'host-port'],
  'from-engine': ['in-container', 'helper-container', 'host-port'],
  'container-address': ['container-address'],
  'in-container': ['in-container'],
  'helper-container': ['helper-container'],
  'host-port': ['host-port'],
};

/** What a method said: an answer, or why it cannot answer for this container. */
type Attempt = ProbeResult | { unavailable: string };

export class PortProber {
  /** Methods that proved unable to answer for this container (no shell, no helper image): not tried again. */
  private readonly unavailable = new Set<Method>();
  private warnedUnchecked = false;

  async probe(ctx: ProbeContext, port: number): Promise<ProbeResult> {
    const methods = PROBE_METHODS[ctx.portProbe];
    const forced = methods.length === 1;
    const timeoutMs = probeTimeout(ctx.remainingMs);
    const reasons: string[] = [];
    for (const method of methods) {
      if (this.unavailable.has(method)) continue;
      const attempt = await this.attempt(method, ctx, port, timeoutMs, forced);
      if (!('unavailable' in attempt)) return attempt;
      if (forced) return { ok: false, fatal: true, detail: attempt.unavailable };
      reasons.push(attempt.unavailable);
      // The container address depends on no state of the container, the others are learned once.
      if (method !== 'container-address') this.unavailable.add(method);
      ctx.logger.debug(`readiness: ${method} cannot check ${port}/tcp`, { service: ctx.service, detail: attempt.unavailable });
    }
    if (!this.warnedUnchecked) {
      this.warnedUnchecked = true;
      ctx.logger.warn(
        `service ${ctx.service}: ${port}/tcp cannot be checked (${reasons.join('; ') || 'no method left'}); counting it as ready`,
        { service: ctx.service },
      );
    }
    return { ok: true, detail: `running; ${port}/tcp not checkable` };
  }

  private async attempt(method: Method, ctx: ProbeContext, port: number, timeoutMs: number, forced: boolean): Promise<Attempt> {
    switch (method) {
      case 'container-address': {
        const address = forced ? anyContainerAddress(ctx.container) : reachableContainerAddress(ctx.container);
        if (!address) return { unavailable: `no route from here to the container's address to check ${port}/tcp at` };
        return probeTcp(address, port, { timeoutMs, signal: ctx.signal });
      }
      case 'in-container': {
        const verdict = await probeListeningInContainer(ctx, port, timeoutMs);
        if (verdict.status === 'unavailable') return { unavailable: verdict.detail };
        return { ok: verdict.status === 'listening', detail: verdict.detail };
      }
      case 'helper-container': {
        const verdict = await tcpThroughHelper(ctx, port, timeoutMs);
        if (verdict.status === 'unavailable') return { unavailable: verdict.detail };
        return { ok: verdict.status === 'ok', detail: verdict.detail };
      }
      case 'host-port': {
        const published = publishedAddress(ctx.container, port, ctx.engine.endpoint);
        if (!published) return { unavailable: `${port}/tcp is not published, so it cannot be checked through a host port` };
        return probeTcp(published.host, published.port, { timeoutMs, holdMs: PROXY_HOLD_MS, signal: ctx.signal });
      }
    }
  }
}
