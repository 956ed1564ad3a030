/**
 * What the loop tells its audience while it runs. The CLI renders it (live on a terminal, plain
 * timestamped lines in CI); tests record it. Every method is optional and must not throw.
 */
import type { StackEvent } from '../docker/types.js';
import type { CycleRecord, RunReport } from './report.js';
import type { IterationPhase } from './failure.js';

export interface AgentObserver {
  runStarted?(info: { executionId: string; project: string; maxIterations: number; services: string[]; reportFile: string }): void;
  iterationStarted?(iteration: number, maxIterations: number): void;
  phaseStarted?(iteration: number, phase: IterationPhase, detail?: string): void;
  service?(event: StackEvent): void;
  /** The orchestrator runs, as process `pid`, which leads its own process group (recorded so a dead agent's orchestrator can be found). */
  orchestratorStarted?(iteration: number, pid: number): void;
  /** One complete line of the orchestrator's output, as it arrives. */
  orchestratorLine?(stream: 'stdout' | 'stderr', line: string): void;
  iterationFinished?(record: CycleRecord): void;
  backoffStarted?(iteration: number, delayMs: number): void;
  warning?(message: string): void;
  runFinished?(report: RunReport): void;
}

export function safeObserver(observer: AgentObserver | undefined, onError: (error: unknown) => void): Required<AgentObserver> {
  const call =
    <A extends unknown[]>(fn: ((...args: A) => void) | undefined) =>
    (...args: A) => {
      try {
        fn?.(...args);
      } catch (error) {
        onError(error);
      }
    };
  const o = observer ?? {};
  return {
    runStarted: call(o.runStarted?.bind(o)),
    iterationStarted: call(o.iterationStarted?.bind(o)),
    phaseStarted: call(o.phaseStarted?.bind(o)),
    service: call(o.service?.bind(o)),
    orchestratorStarted: call(o.orchestratorStarted?.bind(o)),
    orchestratorLine: call(o.orchestratorLine?.bind(o)),
    iterationFinished: call(o.iterationFinished?.bind(o)),
    backoffStarted: call(o.backoffStarted?.bind(o)),
    warning: call(o.warning?.bind(o)),
    runFinished: call(o.runFinished?.bind(o)),
  };
}
