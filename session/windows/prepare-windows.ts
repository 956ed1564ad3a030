/**
 * For a workflow with window: the ledger (windows live there) and the windows this run
 * processes (plan-windows.ts). `underLock`: the caller holds the project lock, so a window run
 * still `running` was left by a process that died; it is closed as failed (class crash) rather
 * than refusing that window forever.
 */
import { existsSync } from 'node:fs';
import { ConfigError, UsageError } from '../../core/errors.js';
import type { EtlCycleConfig } from '../../config/types.js';
import type { HistoryStore } from '../../history/store/history-store.js';
import { WINDOW_MODES, formatWindow } from '../../history/windows.js';
import type { WindowMode } from '../../history/windows.js';
import type { ExecutionPlan } from '../../orchestrator/plan-execution.js';
import { describePlannedWindow, planWindows } from './plan-windows.js';
import type { WindowPlan } from './plan-windows.js';

export interface PreparedWindows {
  mode: WindowMode;
  plan: WindowPlan;
  /** undefined in a dry run before the ledger exists. */
  store?: HistoryStore;
  /** The ledger, as messages name it. */
  display: string;
  close(): Promise<void>;
}

/**
 * For a workflow with window: the ledger (needed: windows live there) and the windows this run
 * processes. `--mode` and `--window` without a windowed workflow are usage errors.
 */
export async function prepareWindows(
  args: { mode?: string; window?: string },
  config: EtlCycleConfig,
  plan: ExecutionPlan,
  project: string,
  parentExecutionId: string | undefined,
  warn: (message: string) => void,
  underLock: boolean,
): Promise<PreparedWindows | undefined> {
  const window = plan.workflow?.window;
  if (!window) {
    if (args.mode !== undefined || args.window !== undefined) {
      const flag = args.mode !== undefined ? '--mode' : '--window';
      const what = plan.workflow ? `workflow ${plan.workflow.name} declares no window` : '--tasks runs no workflow';
      throw new UsageError(`${flag}: ${what}; add window: { size: 1h } to a workflow and run it with --workflow`);
    }
    return undefined;
  }
  const mode = args.mode ?? 'incremental';
  if (!(WINDOW_MODES as readonly string[]).includes(mode))
    throw new UsageError(`--mode: expected incremental or full, got ${JSON.stringify(mode)}`);
  const explicitStart = args.window === undefined ? undefined : Date.parse(args.window);
  if (explicitStart !== undefined && Number.isNaN(explicitStart))
    throw new UsageError(`--window: expected an ISO 8601 time such as 2026-12-03T10:00:00Z, got ${JSON.stringify(args.window)}`);
  const { ledgerLocation, openLedgerIfUsable } = await import('../open-ledger.js');
  const location = ledgerLocation(config);
  // A dry run changes nothing: a ledger file that does not exist yet is an empty ledger, not one to create.
  if (!underLock && config.history.enabled && location.flavour === 'sqlite' && !existsSync(location.path)) {
    const windowPlan = planWindows({
      runs: [],
      sizeMs: window.sizeMs,
      mode: mode as WindowMode,
      maxRecover: config.gaps.maxRecover,
      now: Date.now(),
      explicitStart,
    });
    return { mode: mode as WindowMode, plan: windowPlan, display: `${location.display} (not created yet)`, close: async () => undefined };
  }
  const store = await openLedgerIfUsable(config, warn, { required: false });
  if (!store)
    throw new ConfigError(
      `workflows.${plan.workflow!.name}.window: windows are kept in the run history, which is off or unusable here; set history.enabled: true (and check history.path)`,
    );
  try {
    let runs = await store.windowRuns(project, plan.workflow!.name);
    if (underLock && runs.some((run) => run.state === 'running')) {
      for (const run of runs.filter((r) => r.state === 'running'))
        await store.finishWindowRun(run.id, {
          state: 'failed',
          failureClass: 'crash',
          error: 'its orchestrate process died before the window finished',
          endedAt: Date.now(),
        });
      runs = await store.windowRuns(project, plan.workflow!.name);
    }
    const windowPlan = planWindows({
      runs,
      sizeMs: window.sizeMs,
      mode: mode as WindowMode,
      maxRecover: config.gaps.maxRecover,
      now: Date.now(),
      explicitStart,
      parentExecutionId,
    });
    return { mode: mode as WindowMode, plan: windowPlan, store, display: store.display, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The windows part of a dry run: which windows would run, from which ledger. */
export function formatPreparedWindows(windowed: PreparedWindows): string {
  const lines = [`windows (${windowed.mode}, from the run history ${windowed.display}):`];
  for (const w of windowed.plan.windows) lines.push(`  ${describePlannedWindow(w)}`);
  if (windowed.plan.notComplete) lines.push(`  next window ${formatWindow(windowed.plan.notComplete)}: not complete yet, not run`);
  if (windowed.plan.windows.length === 0 && !windowed.plan.notComplete) lines.push('  none');
  return `\n${lines.join('\n')}\n`;
}
