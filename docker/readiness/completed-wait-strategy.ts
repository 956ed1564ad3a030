import type { ProbeContext, ProbeResult, WaitStrategy } from './wait-strategy.js';

/** One-shot service (migrations, seeders): ready once it exited with code 0; any other exit fails. */
export class CompletedWaitStrategy implements WaitStrategy {
  readonly description = 'completed';
  readonly readyOnCleanExit = true;

  async check(_ctx: ProbeContext): Promise<ProbeResult> {
    return { ok: false, detail: 'running, waiting for it to exit' };
  }
}
