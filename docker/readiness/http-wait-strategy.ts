import { runExec } from '../engine/run-exec.js';
import { reachableContainerAddress } from './container-address.js';
import { probeHttp, type HttpAnswer } from './probe-http.js';
import { publishedAddress } from './published-address.js';
import { probeTimeout, type ProbeContext, type ProbeResult, type WaitStrategy } from './wait-strategy.js';

/**
 * Ready when GET <path> on a container port answers the expected status (any 2xx when none is
 * given). An HTTP answer cannot come from the engine's port proxy, so, unlike a bare TCP check,
 * the published port is a fair way in: the container's own address first (when this machine routes
 * to it), then the published port, then `wget` inside the container.
 */
export class HttpWaitStrategy implements WaitStrategy {
  readonly readyOnCleanExit = false;
  readonly description: string;

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
    const forced = ctx.portProbe;
    const address = forced === 'auto' || forced === 'container-address' ? reachableContainerAddress(ctx.container) : undefined;
    const published =
      forced === 'auto' || forced === 'host-port' ? publishedAddress(ctx.container, this.port, ctx.engine.endpoint) : undefined;
    let url: string;
    let answer: HttpAnswer;
    if (address) {
      url = `http://${address}:${this.port}${path}`;
      answer = await probeHttp(address, this.port, path, { timeoutMs, signal: ctx.signal });
    } else if (published) {
      url = `http://${published.host}:${published.port}${path}`;
      answer = await probeHttp(published.host, published.port, path, { timeoutMs, signal: ctx.signal });
    } else {
      url = `http://127.0.0.1:${this.port}${path} (inside the container)`;
      answer = await this.probeInside(ctx, path, timeoutMs);
    }
    if ('error' in answer) return { ok: false, detail: `GET ${url}: ${answer.error}` };
    const ok = this.status === undefined ? answer.status >= 200 && answer.status < 300 : answer.status === this.status;
    return { ok, detail: `GET ${url} answered ${answer.status}${ok ? '' : ` (expected ${this.status ?? '2xx'})`}` };
  }

  private async probeInside(ctx: ProbeContext, path: string, timeoutMs: number): Promise<HttpAnswer> {
    const seconds = Math.max(1, Math.floor(timeoutMs / 1000));
    const result = await runExec(
      ctx.engine,
      ctx.logger,
      ctx.container.id,
      ['wget', '-q', '-S', '-O', '/dev/null', '-T', String(seconds), `http://127.0.0.1:${this.port}${path}`],
      { timeoutMs, signal: ctx.signal },
    );
    const statuses = [...result.output.matchAll(/HTTP\/\d(?:\.\d)? (\d{3})/g)];
    const last = statuses.at(-1)?.[1];
    if (last) return { status: Number(last) };
    if (result.timedOut) return { error: 'no answer in time (timeout)' };
    return { error: result.output.trim().split('\n').pop() || `wget exited ${result.exitCode}` };
  }
}
