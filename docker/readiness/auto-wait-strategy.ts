import { HealthcheckWaitStrategy } from './healthcheck-wait-strategy.js';
import { PortsWaitStrategy } from './ports-wait-strategy.js';
import type { ProbeContext, ProbeResult, WaitStrategy } from './wait-strategy.js';

/** The container's healthcheck (Compose file or image) when it has one, else every exposed port accepting TCP. */
export class AutoWaitStrategy implements WaitStrategy {
  readonly description = 'auto (healthcheck, else exposed ports)';
  readonly readyOnCleanExit = false;
  private readonly healthcheck = new HealthcheckWaitStrategy();
  private readonly ports = new PortsWaitStrategy();

  check(ctx: ProbeContext): Promise<ProbeResult> {
    return ctx.container.healthcheck ? this.healthcheck.check(ctx) : this.ports.check(ctx);
  }
}
