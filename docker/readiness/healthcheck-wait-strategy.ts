import { runExec } from '../engine/run-exec.js';
import type { HealthcheckConfig } from '../engine/engine-client.js';
import { probeTimeout, type ProbeContext, type ProbeResult, type WaitStrategy } from './wait-strategy.js';

/**
 * Ready when the container is healthy. An unhealthy container is not given up on before the
 * deadline (Compose gives up at once): the engine keeps probing, a slow start can still turn
 * healthy, and the deadline is the user's stated patience.
 *
 * The engine runs the healthcheck only every `interval` (30 s by default, often 5-10 s in
 * Compose files), so a service can be healthy long before the engine says so. While the engine
 * still reports "starting", the check's own test runs here through the exec API at every
 * readiness round: its exit 0 is the same verdict the engine would reach at its next run.
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
    const command = testCommand(ctx.container.healthcheck);
    if (command) {
      const timeoutMs = probeTimeout(ctx.remainingMs, nanosToMs(ctx.container.healthcheck.timeoutNs) ?? 30_000);
      const result = await runExec(ctx.engine, ctx.logger, ctx.container.id, command, { timeoutMs, signal: ctx.signal });
      if (result.exitCode === 0 && !result.timedOut)
        return { ok: true, detail: "health: healthy (its check passed before the engine's next run)" };
    }
    return { ok: false, detail: 'health: starting' };
  }
}

/** The argv the engine would run for this healthcheck, if it is one we can run the same way. */
function testCommand(healthcheck: HealthcheckConfig): string[] | undefined {
  const [kind, ...rest] = healthcheck.test;
  if (kind === 'CMD' && rest.length > 0) return rest;
  if (kind === 'CMD-SHELL' && rest.length > 0) return ['/bin/sh', '-c', rest.join(' ')];
  return undefined;
}

function nanosToMs(ns: number | undefined): number | undefined {
  return ns === undefined || ns <= 0 ? undefined : Math.round(ns / 1_000_000);
}
