import type { ProbeContext, ProbeResult, WaitStrategy } from './wait-strategy.js';

/** `none`: started is enough. A clean exit counts too (there is nothing to wait for); any other exit fails. */
export class RunningWaitStrategy implements WaitStrategy {
  readonly description = 'running';
  readonly readyOnCleanExit = true;

  async check(_ctx: ProbeContext): Promise<ProbeResult> {
    return { ok: true, detail: 'running' };
  }
}
