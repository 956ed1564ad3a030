/**
 * A windowed workflow's orchestrate run: the windows planWindows picked, one orchestration
 * each, in order (recovered gaps oldest first, then the run's own window), each recorded in the
 * ledger as its own window run with ETL_WINDOW_START / ETL_WINDOW_END given to its tasks. A
 * failed recovery does not stop the next one or the own window: each window is independent data.
 */
import { WINDOW_VARIABLES } from '../../core/agent-variables.js';
import { newExecutionId } from '../../core/execution-id.js';
import type { HistoryStore } from '../../history/store/history-store.js';
import { formatWindow, isoSeconds } from '../../history/windows.js';
import type { OrchestrationReport, OutputSink } from '../../orchestrator/types.js';
import { failureClassOf } from './failure-class.js';
import { describePlannedWindow } from './plan-windows.js';
import type { WindowPlan } from './plan-windows.js';

export interface WindowedRunOptions {
  store: HistoryStore;
  project: string;
  workflow: string;
  plan: WindowPlan;
  /** The last window runs under this id (the agent reads its report); the others get new ones. */
  executionId: string;
  parentExecutionId: string | null;
  sink: OutputSink;
  signal: AbortSignal;
  /** One orchestration with these extra variables, under this execution id. */
  orchestrate(executionId: string, variables: Record<string, string>): Promise<OrchestrationReport>;
}

export interface WindowedRunResult {
  /** The last report (the own window's, when it ran). */
  reports: OrchestrationReport[];
  failed: number;
}

export async function runWindows(options: WindowedRunOptions): Promise<WindowedRunResult> {
  const { plan, sink } = options;
  const reports: OrchestrationReport[] = [];
  let failed = 0;
  if (plan.windows.length === 0 && plan.notComplete)
    sink.write('stdout', `window: nothing to run — the next window ${formatWindow(plan.notComplete)} is not complete yet`);
  for (const [index, window] of plan.windows.entries()) {
    if (options.signal.aborted) break;
    // The last window runs under the given id: the agent reads that report back (the own window's, or the last recovery's).
    const id = index === plan.windows.length - 1 ? options.executionId : newExecutionId();
    sink.write('stdout', `window: ${describePlannedWindow(window)} (${index + 1}/${plan.windows.length})`);
    await options.store.startWindowRun({
      id,
      project: options.project,
      workflow: options.workflow,
      start: window.start,
      end: window.end,
      mode: window.mode,
      state: 'running',
      executionId: options.parentExecutionId,
      failureClass: null,
      error: null,
      startedAt: Date.now(),
      endedAt: null,
    });
    let report: OrchestrationReport | undefined;
    try {
      report = await options.orchestrate(id, {
        [WINDOW_VARIABLES.start]: isoSeconds(window.start),
        [WINDOW_VARIABLES.end]: isoSeconds(window.end),
      });
    } finally {
      const failure = report?.success
        ? undefined
        : report
          ? await failureClassOf(report)
          : { failureClass: 'crash', error: 'the orchestration did not finish' };
      await options.store.finishWindowRun(id, {
        state: failure ? 'failed' : 'succeeded',
        failureClass: failure?.failureClass ?? null,
        error: failure?.error ?? null,
        endedAt: Date.now(),
      });
      if (failure) failed += 1;
    }
    reports.push(report);
  }
  if (plan.windows.length > 0 && plan.notComplete)
    sink.write('stdout', `window: the next window ${formatWindow(plan.notComplete)} is not complete yet; not run`);
  return { reports, failed };
}
