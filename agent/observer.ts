/**
 * What the loop tells its audience while it runs. The CLI renders it (live on a terminal, plain
 * timestamped lines in CI); tests record it. Every method is optional and must not throw.
 */
import type { StackEvent } from '../docker/types.js';
import type { CycleRecord, RunReport } from './report.js';
import type { IterationPhase } from './failure.js';
import { maskSecrets, maskSecretsDeep } from '../core/secret-masker.js';

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

/**
 * The observer the loop talks to: exceptions are caught (a failing renderer must not fail the
 * run) and every argument is masked (core/secret-masker.ts), so a console, a history recorder or
 * any other audience never sees a secret, while the loop itself keeps the real values.
 */
export function safeObserver(observer: AgentObserver | undefined, onError: (error: unknown) => void): Required<AgentObserver> {
  const call =
    <A extends unknown[]>(fn: ((...args: A) => void) | undefined) =>
    (...args: A) => {
      try {
        if (fn) fn(...maskSecretsDeep(args));
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
    // The hot path (every line of a flood): mask the line itself, no copies of the arguments.
    orchestratorLine: (stream, line) => {
      try {
        o.orchestratorLine?.(stream, maskSecrets(line));
      } catch (error) {
        onError(error);
      }
    },
    iterationFinished: call(o.iterationFinished?.bind(o)),
    backoffStarted: call(o.backoffStarted?.bind(o)),
    warning: call(o.warning?.bind(o)),
    runFinished: call(o.runFinished?.bind(o)),
  };
}
