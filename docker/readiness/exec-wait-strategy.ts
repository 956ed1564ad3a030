import { runExec } from '../engine/run-exec.js';
import { probeTimeout, type ProbeContext, type ProbeResult, type WaitStrategy } from './wait-strategy.js';

/** Ready when a command run inside the container (through the exec API) exits 0: `pg_isready`, `redis-cli ping`. */
export class ExecWaitStrategy implements WaitStrategy {
  readonly readyOnCleanExit = false;
  readonly description: string;

  constructor(private readonly command: string[]) {
    this.description = `exec ${command.join(' ')}`;
  }

  async check(ctx: ProbeContext): Promise<ProbeResult> {
    const result = await runExec(ctx.engine, ctx.logger, ctx.container.id, this.command, {
      timeoutMs: probeTimeout(ctx.remainingMs, 10_000),
      signal: ctx.signal,
    });
    const shown = `\`${this.command.join(' ')}\``;
    if (result.timedOut) return { ok: false, detail: `${shown} did not finish in time` };
    if (result.exitCode === 0) return { ok: true, detail: `${shown} exited 0` };
    const last = result.output.trim().split('\n').pop() ?? '';
    return { ok: false, detail: `${shown} exited ${result.exitCode}${last ? `: ${last}` : ''}` };
  }
}
