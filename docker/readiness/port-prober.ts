/**
 * Checks that a container port accepts TCP connections, in a way the engine's userland proxy
 * cannot fake (a published host port accepts connections before the service inside listens).
 * In `auto` mode, in this order:
 *   1. the container's own address on its network, when this machine routes to it (a Linux host
 *      running the engine): a plain connect, exactly what another container would see;
 *   2. inside the container through exec (/proc/net/tcp LISTEN entry, else nc), when it has a shell;
 *   3. the published host port, requiring that the connection is not closed by the peer within
 *      300 ms: the proxy closes at once when nothing listens. A server that closes every new
 *      connection itself is mistaken for "not ready" here, hence last;
 *   4. none works (no route, no shell, not published): the port is reported unchecked and counted
 *      as ready, with a warning, rather than failing a service we cannot see.
 * The forced modes use their one method and fail the wait when it cannot work.
 */
import { reachableContainerAddress, anyContainerAddress } from './container-address.js';
import { probeListeningInContainer } from './probe-listening-in-container.js';
import { probeTcp } from './probe-tcp.js';
import { publishedAddress } from './published-address.js';
import { probeTimeout, type ProbeContext, type ProbeResult } from './wait-strategy.js';

const PROXY_HOLD_MS = 300;

export class PortProber {
  /** Learned once per container: exec cannot answer (no shell or tools inside). */
  private execUnavailable = false;
  private warnedUnchecked = false;

  async probe(ctx: ProbeContext, port: number): Promise<ProbeResult> {
    const mode = ctx.portProbe;
    const timeoutMs = probeTimeout(ctx.remainingMs);
    if (mode === 'auto' || mode === 'container-address') {
      const address = mode === 'auto' ? reachableContainerAddress(ctx.container) : anyContainerAddress(ctx.container);
      if (address) return probeTcp(address, port, { timeoutMs, signal: ctx.signal });
      if (mode === 'container-address')
        return { ok: false, fatal: true, detail: `the container has no address on a network to check ${port}/tcp at` };
    }
    if ((mode === 'auto' || mode === 'in-container') && !this.execUnavailable) {
      const verdict = await probeListeningInContainer(ctx, port, timeoutMs);
      if (verdict.status !== 'unavailable') return { ok: verdict.status === 'listening', detail: verdict.detail };
      if (mode === 'in-container') return { ok: false, fatal: true, detail: verdict.detail };
      this.execUnavailable = true;
      ctx.logger.debug('in-container port check unavailable, using the published port', { service: ctx.service, detail: verdict.detail });
    }
    if (mode === 'auto' || mode === 'host-port') {
      const published = publishedAddress(ctx.container, port, ctx.engine.endpoint);
      if (published) return probeTcp(published.host, published.port, { timeoutMs, holdMs: PROXY_HOLD_MS, signal: ctx.signal });
      if (mode === 'host-port')
        return { ok: false, fatal: true, detail: `${port}/tcp is not published, so it cannot be checked through a host port` };
    }
    if (!this.warnedUnchecked) {
      this.warnedUnchecked = true;
      ctx.logger.warn(
        `service ${ctx.service}: ${port}/tcp cannot be checked from here (no route to the container, no shell in it, not published); counting it as ready`,
        { service: ctx.service },
      );
    }
    return { ok: true, detail: `running; ${port}/tcp not checkable from here` };
  }
}
