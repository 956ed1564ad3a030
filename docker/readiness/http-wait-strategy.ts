import { runExec } from '../engine/run-exec.js';
import { reachableContainerAddress, anyContainerAddress } from './container-address.js';
import { probeHttp, type HttpAnswer } from './probe-http.js';
import { httpThroughHelper } from './probe-through-helper.js';
import { publishedAddress } from './published-address.js';
import { probeTimeout, type ProbeContext, type ProbeResult, type WaitStrategy } from './wait-strategy.js';

type Method = 'container-address' | 'host-port' | 'in-container' | 'helper-container';

/**
 * An HTTP answer cannot come from the engine's port proxy, so, unlike a bare TCP check, the
 * published port is a fair way in; from the engine's side it comes last, being on another host.
 */
const ROUTES: Record<string, readonly Method[]> = {
  'from-host': ['container-address', 'host-port', 'in-container'],
  'from-engine': ['in-container', 'helper-container', 'host-port'],
};

type Attempt = { url: string; answer: HttpAnswer } | { unavailable: string };

/**
 * Ready when GET <path> on a container port answers the expected status (any 2xx when none is
 * given), reached along the readiness route (port-probe-mode.ts): from here, the container's own
 * address, then the published port, then `wget` inside the container; from the engine's side,
 * `wget` inside, then a helper container on its network, then the published port.
 */
export class HttpWaitStrategy implements WaitStrategy {
  readonly readyOnCleanExit = false;
  readonly description: string;
  private readonly unavailable = new Set<Method>();

  constructor(
    private readonly port: number,
    private readonly path: string,
    private readonly status?: number,
  ) {
    this.description = `http GET :${port}${path}`;
  }

  async check(ctx: ProbeContext): Promise<ProbeResult> {
    const timeoutMs = probeTimeout(ctx.remainingMs);
    const path = this.path.startsWith('/') ? this.path : `/${this.path}`;
    const methods = ROUTES[ctx.portProbe] ?? [ctx.portProbe as Method];
    const forced = methods.length === 1;
    const reasons: string[] = [];
    for (const method of methods) {
      if (this.unavailable.has(method)) continue;
      const attempt = await this.attempt(method, ctx, path, timeoutMs, forced);
      if ('unavailable' in attempt) {
        reasons.push(attempt.unavailable);
        if (method === 'in-container' || method === 'helper-container') this.unavailable.add(method);
        continue;
      }
      const { url, answer } = attempt;
      if ('error' in answer) return { ok: false, detail: `GET ${url}: ${answer.error}` };
      const ok = this.status === undefined ? answer.status >= 200 && answer.status < 300 : answer.status === this.status;
      return { ok, detail: `GET ${url} answered ${answer.status}${ok ? '' : ` (expected ${this.status ?? '2xx'})`}` };
    }
    return { ok: false, fatal: forced, detail: `GET :${this.port}${path} cannot be sent (${reasons.join('; ')})` };
  }

  private async attempt(method: Method, ctx: ProbeContext, path: string, timeoutMs: number, forced: boolean): Promise<Attempt> {
    switch (method) {
      case 'container-address': {
        const address = forced ? anyContainerAddress(ctx.container) : reachableContainerAddress(ctx.container);
        if (!address) return { unavailable: "no route from here to the container's address" };
        return {
          url: `http://${address}:${this.port}${path}`,
          answer: await probeHttp(address, this.port, path, { timeoutMs, signal: ctx.signal }),
        };
      }
      case 'host-port': {
        const published = publishedAddress(ctx.container, this.port, ctx.engine.endpoint);
        if (!published) return { unavailable: `${this.port}/tcp is not published` };
        return {
          url: `http://${published.host}:${published.port}${path}`,
          answer: await probeHttp(published.host, published.port, path, { timeoutMs, signal: ctx.signal }),
        };
      }
      case 'in-container':
        return this.probeInside(ctx, path, timeoutMs);
      case 'helper-container':
        return httpThroughHelper(ctx, this.port, path, timeoutMs);
    }
  }

  private async probeInside(ctx: ProbeContext, path: string, timeoutMs: number): Promise<Attempt> {
    const seconds = Math.max(1, Math.floor(timeoutMs / 1000));
    const url = `http://127.0.0.1:${this.port}${path}`;
    const result = await runExec(
      ctx.engine,
      ctx.logger,
      ctx.container.id,
      ['wget', '-q', '-S', '-O', '/dev/null', '-T', String(seconds), url],
      {
        timeoutMs,
        signal: ctx.signal,
      },
    );
    const shown = `${url} (inside the container)`;
    const last = [...result.output.matchAll(/HTTP\/\d(?:\.\d)? (\d{3})/g)].at(-1)?.[1];
    if (last) return { url: shown, answer: { status: Number(last) } };
    if (result.timedOut) return { url: shown, answer: { error: 'no answer in time (timeout)' } };
    // No wget (or no way to exec) in this container, or one that crashes (some static BusyBox builds): another method has to answer.
    if (
      result.exitCode === 126 ||
      result.exitCode === 127 ||
      result.exitCode >= 128 ||
      /executable file not found|not found/.test(result.output)
    ) {
      return { unavailable: `no wget inside the container (${result.output.trim().split('\n').pop() ?? `exit ${result.exitCode}`})` };
    }
    return { url: shown, answer: { error: result.output.trim().split('\n').pop() || `wget exited ${result.exitCode}` } };
  }
}
