/**
 * A run's entry in the ledger, written as the run goes: its start, each iteration (with the
 * built-in orchestrator's task runs), the orchestrator's process group, its end and the
 * retention sweep after it. Writes are queued in order and never block or fail the loop: the
 * first failure is one warning naming the store, and only `history.required: true` turns it into
 * a failed run (see `failure`).
 */
import type { CycleRecord, RunReport } from '../agent/report.js';
import { errorMessage, HistoryStoreError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { executionEndFrom, iterationRowFrom, NO_MASK } from '../history/build-rows.js';
import type { TextMasker } from '../history/build-rows.js';
import type { HeldLock } from '../history/lock/project-lock.js';
import type { HistoryStore } from '../history/store/history-store.js';
import type { ExecutionStart } from '../history/types.js';
import { iterationOrchestrations } from './iteration-orchestrations.js';

export interface RunLedgerOptions {
  store: HistoryStore | undefined;
  lock: HeldLock | undefined;
  executionId: string;
  project: string;
  /** Where the built-in orchestrator writes its reports; empty when the orchestrator is a command. */
  orchestrationLogsDirs: readonly string[];
  retentionMs: number | undefined;
  mask?: TextMasker;
  warn: (message: string) => void;
  logger: Logger;
}

export class RunLedger {
  private queue: Promise<void> = Promise.resolve();
  private firstFailure: HistoryStoreError | undefined;
  private started = false;
  private iterations = 0;
  private orchestratorPgid: number | null = null;

  constructor(private readonly options: RunLedgerOptions) {}

  /** The execution's id in the ledger once its start is recorded (the report's ledger_id), else null. */
  get entryId(): string | null {
    return this.started ? this.options.executionId : null;
  }

  /** The first write that failed, if any (history.required makes it fail the run). */
  get failure(): HistoryStoreError | undefined {
    return this.firstFailure;
  }

  private enqueue(what: string, work: (store: HistoryStore) => Promise<void>): void {
    const { store } = this.options;
    if (!store) return;
    this.queue = this.queue.then(async () => {
      try {
        await work(store);
      } catch (error) {
        const failure =
          error instanceof HistoryStoreError
            ? error
            : new HistoryStoreError(store.display, `history store ${store.display}: cannot ${what} (${errorMessage(error)})`);
        this.options.logger.debug('ledger write failed', { what, error: failure.message });
        if (this.firstFailure) return;
        this.firstFailure = failure;
        this.options.warn(`${failure.message}; this run's history entry is incomplete${failure.hint ? ` (${failure.hint})` : ''}`);
      }
    });
  }

  start(start: ExecutionStart): void {
    this.enqueue('record the start', async (store) => {
      await store.startExecution(start);
      this.started = true;
    });
  }

  iteration(cycle: CycleRecord): void {
    const mask = this.options.mask ?? NO_MASK;
    this.iterations = cycle.iteration;
    const pgid = this.orchestratorPgid;
    this.enqueue(`record iteration ${cycle.iteration}`, async (store) => {
      const orchestrations = this.options.orchestrationLogsDirs.length
        ? await iterationOrchestrations(
            this.options.orchestrationLogsDirs,
            this.options.executionId,
            cycle.iteration,
            new Date(cycle.start_time),
          )
        : [];
      await store.recordIteration(this.options.executionId, iterationRowFrom(cycle, orchestrations, mask), pgid);
    });
  }

  /**
   * The lock file gets the group at once (a sweep after a SIGKILL reads it there, whatever the
   * store's state); the ledger gets it with the iteration's own write, not a write of its own.
   */
  orchestratorStarted(pgid: number): void {
    this.orchestratorPgid = pgid;
    this.options.lock
      ?.update({ orchestratorPgid: pgid })
      .catch((error: unknown) => this.options.logger.debug('lock update failed', { error: errorMessage(error) }));
  }

  finish(report: RunReport): void {
    this.enqueue('record the end', async (store) => {
      const recorded = await store.finishExecution(this.options.executionId, executionEndFrom(report, this.options.mask ?? NO_MASK));
      if (!recorded)
        this.options.warn(
          `history: execution ${this.options.executionId} was already marked ended in ${store.display} (another etl-cycle took this run for dead); its ${report.overall_success ? 'green ' : ''}end is not recorded`,
        );
    });
    const { retentionMs } = this.options;
    if (retentionMs !== undefined) {
      this.enqueue('apply history.retention', async (store) => {
        const removed = await store.prune(this.options.project, Date.now() - retentionMs);
        if (removed.executions + removed.windowRuns > 0)
          this.options.logger.info(
            `history: removed ${removed.executions} execution(s) and ${removed.windowRuns} run(s) of loaded windows older than history.retention`,
          );
      });
    }
  }

  /**
   * The run ended without a report (an error before or inside the loop): recorded as failed with
   * the error, instead of staying `running` until a sweep calls it interrupted.
   */
  crashed(message: string, startedAt: number): void {
    const endedAt = Date.now();
    this.enqueue('record the end', async (store) => {
      await store.finishExecution(this.options.executionId, {
        state: 'failed',
        stopReason: 'error',
        endedAt,
        durationMs: endedAt - startedAt,
        timeToGreenMs: null,
        iterations: this.iterations,
        mainClass: null,
        diagnosis: (this.options.mask ?? NO_MASK)(message),
        backoffMs: {},
      });
    });
  }

  /** Waits for every queued write. */
  async flush(): Promise<void> {
    await this.queue;
  }
}
