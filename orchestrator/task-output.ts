/**
 * One task's output: every line goes to the task's own log file (capped like the agent's logs,
 * logs.max_size), to a bounded tail for the report, and to the combined stream prefixed with
 * `[<task id>] `; all three with secrets masked (core/secret-masker.ts). The combined stream is
 * what the agent classifies, so it still sees every line — only the secrets are `***`. It is the prefix the agent reads to
 * name the failing task (agent/attribute-task.ts). Lines from tasks running in parallel
 * interleave whole, never mid-line.
 */
import { DEFAULT_LOG_MAX_BYTES } from '../core/log-limits.js';
import { maskSecrets } from '../core/secret-masker.js';
import { labelTaskLine } from '../core/task-line.js';
import { openCappedLogFile } from '../process/capped-log-file.js';
import type { LogFile } from '../process/open-log-file.js';
import { OutputTail } from '../process/output-tail.js';
import type { OutputSink } from './types.js';

/** Output kept in the report per task; the log file has everything. */
export const REPORT_TAIL_BYTES = 4096;

export class TaskOutput {
  private readonly kept = new OutputTail(REPORT_TAIL_BYTES);

  private constructor(
    private readonly taskId: string,
    private readonly log: LogFile,
    private readonly sink: OutputSink,
    readonly file: string,
  ) {}

  /**
   * Opens (appends to) the task's log file, at most `maxBytes` long (logs.max_size); throws
   * ProcessStartError when it cannot be written.
   */
  static async open(taskId: string, file: string, sink: OutputSink, maxBytes: number = DEFAULT_LOG_MAX_BYTES): Promise<TaskOutput> {
    return new TaskOutput(taskId, await openCappedLogFile(file, maxBytes), sink, file);
  }

  /** A line the task printed (or etl-cycle printed about it: a request, a timeout, an error). */
  line(stream: 'stdout' | 'stderr', text: string): void {
    const shown = maskSecrets(text);
    this.log.write(`${shown}\n`);
    this.kept.append(`${shown}\n`);
    this.sink.write(stream, labelTaskLine(this.taskId, shown));
  }

  /** Written to the log file only: attempt boundaries a reader of the combined stream does not need. */
  logOnly(text: string): void {
    this.log.write(`${maskSecrets(text)}\n`);
  }

  tail(): string {
    return this.kept.toString();
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
