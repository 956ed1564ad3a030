import type { ProbeContext, ProbeResult, WaitStrategy } from './wait-strategy.js';

/**
 * Ready when the engine reports the container healthy. An unhealthy container is not given up on
 * before the deadline (Compose gives up at once): the engine keeps probing, a slow start can still
 * turn healthy, and the deadline is the user's stated patience.
 */
export class HealthcheckWaitStrategy implements WaitStrategy {
  readonly description = 'healthcheck';
  readonly readyOnCleanExit = false;

  async check(ctx: ProbeContext): Promise<ProbeResult> {
    const health = ctx.container.state.health;
    if (!ctx.container.healthcheck || !health || health.status === 'none') {
      return {
        ok: false,
        fatal: true,
        detail: `service ${ctx.service} has no healthcheck (neither in the Compose file nor in its image): declare one or choose another readiness strategy`,
      };
    }
    if (health.status === 'healthy') return { ok: true, detail: 'health: healthy' };
    if (health.status === 'unhealthy') {
      const last = health.log.at(-1);
      return { ok: false, detail: `health: unhealthy: ${last ? last.output.trim() || `exit ${last.exitCode}` : 'no check output'}` };
    }
    return { ok: false, detail: 'health: starting' };
  }
}
