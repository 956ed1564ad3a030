import { PortProber } from './port-prober.js';
import type { ProbeContext, ProbeResult, WaitStrategy } from './wait-strategy.js';

/** Ready when every given port (default: every TCP port the container exposes) accepts connections. */
export class PortsWaitStrategy implements WaitStrategy {
  readonly readyOnCleanExit = false;
  readonly description: string;
  private readonly prober = new PortProber();

  constructor(private readonly ports?: number[]) {
    this.description = ports?.length ? `ports ${ports.join(', ')}` : 'exposed ports';
  }

  async check(ctx: ProbeContext): Promise<ProbeResult> {
    const ports = this.ports?.length ? this.ports : ctx.container.exposedPorts.filter((p) => p.protocol === 'tcp').map((p) => p.port);
    if (ports.length === 0) return { ok: true, detail: 'running (no ports to check)' };
    const seen: string[] = [];
    for (const port of ports) {
      const result = await this.prober.probe(ctx, port);
      if (!result.ok) return result;
      seen.push(result.detail);
    }
    return { ok: true, detail: seen.join('; ') };
  }
}
