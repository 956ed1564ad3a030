/**
 * The observer the loop talks to during `run`: the renderer, with every event that changes the
 * run's state also written to the ledger. The loop files stay unaware of the ledger.
 */
import type { AgentObserver } from '../agent/observer.js';
import type { CycleRecord, RunReport } from '../agent/report.js';
import type { RunLedger } from './run-ledger.js';

export function recordingObserver(inner: AgentObserver, ledger: RunLedger): AgentObserver {
  return {
    runStarted: (info) => inner.runStarted?.(info),
    iterationStarted: (iteration, max) => inner.iterationStarted?.(iteration, max),
    phaseStarted: (iteration, phase, detail) => inner.phaseStarted?.(iteration, phase, detail),
    service: (event) => inner.service?.(event),
    orchestratorStarted: (iteration, pid) => {
      ledger.orchestratorStarted(pid);
      inner.orchestratorStarted?.(iteration, pid);
    },
    orchestratorLine: (stream, line) => inner.orchestratorLine?.(stream, line),
    iterationFinished: (record: CycleRecord) => {
      ledger.iteration(record);
      inner.iterationFinished?.(record);
    },
    backoffStarted: (iteration, delayMs) => inner.backoffStarted?.(iteration, delayMs),
    warning: (message) => inner.warning?.(message),
    runFinished: (report: RunReport) => {
      ledger.finish(report);
      inner.runFinished?.(report);
    },
  };
}
