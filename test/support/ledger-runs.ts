/**
 * Finished runs written into a real ledger through its own API (HistoryStore), for the tests and
 * the benchmark of `serve`: what a run would have recorded, without running one.
 */
import { newExecutionId } from '../../core/execution-id.js';
import type { HistoryStore } from '../../history/store/history-store.js';
import type { ExecutionState, IterationRow, Trigger } from '../../history/types.js';

export interface LedgerRun {
  state: Exclude<ExecutionState, 'running'> | 'running';
  startedAt: number;
  durationMs?: number;
  iterations?: number;
  mainClass?: string | null;
  trigger?: Trigger;
}

function iterationRow(n: number, at: number, state: IterationRow['state'], primaryClass: string | null): IterationRow {
  return {
    iteration: n,
    state,
    startedAt: at,
    endedAt: at + 1000,
    durationMs: 1000,
    failedPhase: state === 'failed' ? 'orchestrate' : null,
    primaryClass: state === 'failed' ? primaryClass : null,
    failedTask: null,
    phases: { snapshot: 1, cleanup: 1, rebuild: 10, orchestrate: 900, validate: 1, backoff: null },
    orchestratorExitCode: state === 'failed' ? 1 : 0,
    orchestratorTimedOut: false,
    adjustments: [],
    plan: {},
    diagnosis: null,
    matches: [],
    services: [],
    tasks: [],
  };
}

/** Records one run: its start, its iterations (all failed but a green last one) and its end. Returns its id. */
export async function recordLedgerRun(store: HistoryStore, project: string, run: LedgerRun): Promise<string> {
  const id = newExecutionId(new Date(run.startedAt));
  const iterations = run.iterations ?? 1;
  const durationMs = run.durationMs ?? 30_000;
  const mainClass = run.mainClass ?? (run.state === 'failed' ? 'connection_refused' : null);
  await store.startExecution({
    id,
    project,
    trigger: run.trigger ?? 'ci',
    startedAt: run.startedAt,
    maxIterations: 5,
    gitSha: null,
    gitBranch: null,
    host: 'test-host',
    pid: 1,
    version: '0.1.0',
    configHash: null,
    reportFile: null,
  });
  if (run.state === 'running') return id;
  for (let n = 1; n <= iterations; n += 1) {
    const green = run.state === 'success' && n === iterations;
    await store.recordIteration(
      id,
      iterationRow(n, run.startedAt + (n - 1) * 1000, green ? 'success' : 'failed', mainClass ?? 'connection_refused'),
    );
  }
  await store.finishExecution(id, {
    state: run.state,
    stopReason: run.state === 'success' ? 'success' : run.state === 'failed' ? 'max_iterations' : run.state,
    endedAt: run.startedAt + durationMs,
    durationMs,
    timeToGreenMs: run.state === 'success' ? durationMs : null,
    iterations,
    mainClass,
    diagnosis: null,
    backoffMs: {},
  });
  return id;
}
