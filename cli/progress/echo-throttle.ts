/**
 * Keeps a flood of orchestrator output from drowning a CI log: in each second the first
 * `linesPerSecond` lines are echoed; the rest are counted, and a summary line says how many were
 * not shown (the orchestrator log has every one, and the classifier reads every one — this is
 * only what the console echoes). The last few lines held back are echoed with the summary:
 * when a flood ends in an error, the error is what a reader needs to see.
 */
export interface EchoThrottleOptions {
  linesPerSecond: number;
  /** Lines held back that are echoed with each summary (the end of a burst). */
  keepLast: number;
  now?: () => number;
}

export const DEFAULT_ECHO_THROTTLE: EchoThrottleOptions = { linesPerSecond: 100, keepLast: 5 };

export class EchoThrottle {
  private windowStart = Number.NEGATIVE_INFINITY;
  private echoedInWindow = 0;
  private held = 0;
  private last: string[] = [];
  private readonly now: () => number;

  constructor(
    private readonly emit: (line: string, summary: boolean) => void,
    private readonly options: EchoThrottleOptions = DEFAULT_ECHO_THROTTLE,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Lines held back since the last summary. */
  get pending(): number {
    return this.held;
  }

  line(text: string): void {
    const now = this.now();
    if (now - this.windowStart >= 1000) {
      this.flush();
      this.windowStart = now;
      this.echoedInWindow = 0;
    }
    if (this.echoedInWindow < this.options.linesPerSecond) {
      this.echoedInWindow += 1;
      this.emit(text, false);
      return;
    }
    this.held += 1;
    this.last.push(text);
    if (this.last.length > this.options.keepLast) this.last.shift();
  }

  /** Says how many lines were held back and echoes the last of them; nothing when none were. */
  flush(): void {
    if (this.held === 0) return;
    const hidden = this.held - this.last.length;
    if (hidden > 0) this.emit(`… ${hidden} line${hidden === 1 ? '' : 's'} not shown (the orchestrator log has every line)`, true);
    for (const line of this.last) this.emit(line, false);
    this.held = 0;
    this.last = [];
  }
}
