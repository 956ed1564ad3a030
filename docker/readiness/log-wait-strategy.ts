import { errorMessage } from '../../core/errors.js';
import type { ProbeContext, ProbeResult, WaitStrategy } from './wait-strategy.js';

/**
 * Ready once the container's output (stdout and stderr, since it started) has matched `pattern`
 * `times` times, like Testcontainers' Wait.forLogMessage. The whole log is read each round:
 * start-up logs are short, and re-reading keeps no state that a restart could make stale.
 */
export class LogWaitStrategy implements WaitStrategy {
  readonly readyOnCleanExit = false;
  readonly description: string;
  private readonly regex: RegExp | undefined;
  private readonly invalid: string | undefined;

  constructor(
    private readonly pattern: string,
    private readonly times = 1,
  ) {
    this.description = `log /${pattern}/${times > 1 ? ` x${times}` : ''}`;
    try {
      this.regex = new RegExp(pattern, 'gm');
    } catch (error) {
      this.invalid = errorMessage(error);
    }
  }

  async check(ctx: ProbeContext): Promise<ProbeResult> {
    if (!this.regex)
      return { ok: false, fatal: true, detail: `log pattern /${this.pattern}/ is not a valid regular expression: ${this.invalid ?? ''}` };
    const logs = await ctx.engine.containerLogs(ctx.container.id, { tty: ctx.container.tty });
    // A `g` regex keeps lastIndex between uses: start every count from the beginning.
    this.regex.lastIndex = 0;
    const seen = [...logs.matchAll(this.regex)].length;
    if (seen >= this.times) return { ok: true, detail: `log /${this.pattern}/ seen ${seen} time${seen === 1 ? '' : 's'}` };
    const last = logs.trimEnd().split('\n').pop() ?? '';
    return { ok: false, detail: `log /${this.pattern}/ seen ${seen} of ${this.times} times; last line: ${last || '(no output yet)'}` };
  }
}
