/**
 * One iteration: snapshot → cleanup → rebuild → orchestrate → validate, each phase timed.
 * Returns a verdict and, on failure, the facts the planner needs. It never throws for a failure
 * of the stack or the orchestrator (those are the normal business of the loop), nor for a signal
 * or the time budget (an `aborted` verdict); only for bugs. The phases are IterationEffects, so
 * tests run this sequence with fakes.
 */
import { AbortedError, errorMessage, EtlCycleError, OwnershipError } from '../core/errors.js';
import { secondsFromMs } from '../core/duration.js';
import { StackUpError } from '../docker/errors.js';
import type { CleanupResult, Convergence, UpResult } from '../docker/types.js';
import type { SnapshotResult } from '../git/types.js';
import type { ProcessResult } from '../process/types.js';
import type { IterationEffects } from './cycle-effects.js';
import { buildCycleRecord } from './cycle-record.js';
import type { FailureFacts, IterationPhase } from './failure.js';
import type { MetricTotals } from '../core/row-metrics.js';
import type { OrchestrationSummary } from './orchestration-summary.js';
import type { ValidationOutcome } from './phases/validate-phase.js';
import type { IterationPlan } from './plan.js';
import type { CycleRecord } from './report.js';

export type IterationVerdict =
  | { kind: 'success' }
  | { kind: 'failed'; facts: FailureFacts }
  /** A failure that no retry can fix and that is not a classification matter (resource not ours, git required). */
  | { kind: 'stop'; facts: FailureFacts; diagnosis: string }
  | { kind: 'aborted'; error: AbortedError };

export interface IterationResult {
  verdict: IterationVerdict;
  record: CycleRecord;
}

export interface IterationInput {
  effects: IterationEffects;
  iteration: number;
  plan: IterationPlan;
  signal: AbortSignal;
  onPhase?(phase: IterationPhase): void;
}

export async function runIteration(input: IterationInput): Promise<IterationResult> {
  const { effects, iteration, plan, signal } = input;
  const startedAt = new Date();
  const phases: CycleRecord['phases'] = {};
  let snapshot: SnapshotResult | undefined;
  let cleanup: CleanupResult | undefined;
  let convergence: Convergence | undefined;
  let up: UpResult | undefined;
  let orchestrator: ProcessResult | undefined;
  let orchestration: OrchestrationSummary | undefined;
  let orchestratorMetrics: MetricTotals | null = null;
  let resumeDropped: string | undefined;
  let validations: ValidationOutcome[] = [];
  let current: IterationPhase = 'snapshot';

  const timed = async <T>(phase: IterationPhase, work: () => Promise<T>): Promise<T> => {
    current = phase;
    input.onPhase?.(phase);
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      phases[phase] = secondsFromMs(performance.now() - t0);
    }
  };
  const finish = (verdict: IterationVerdict): IterationResult => ({
    verdict,
    record: buildCycleRecord({
      iteration,
      startedAt,
      verdict,
      phases,
      plan,
      snapshot,
      cleanup,
      convergence,
      up,
      orchestrator,
      orchestration,
      orchestratorMetrics,
      resumeDropped,
      validations,
      orchestratorLog: effects.orchestratorLog,
    }),
  });

  try {
    const snap = await timed('snapshot', () => effects.snapshot());
    snapshot = snap.snapshot;
    if (snap.fatal) return finish({ kind: 'stop', diagnosis: snap.fatal, facts: emptyFacts('snapshot', snap.fatal) });
    signal.throwIfAborted();

    cleanup = await timed('cleanup', () => effects.cleanup(plan, signal));
    signal.throwIfAborted();

    try {
      up = await timed('rebuild', async () => {
        convergence = await effects.converge(plan, signal);
        return effects.rebuild(plan, convergence, signal);
      });
    } catch (error) {
      if (!(error instanceof StackUpError) || signal.aborted) throw error;
      const context = {
        phase: 'rebuild' as const,
        failedService: error.service,
        stackStage: error.stage,
        outputTail: `${error.detail}\n${error.logsTail ?? ''}`,
      };
      return finish({ kind: 'failed', facts: await effects.diagnose(context, { kind: 'stack', error }) });
    }
    signal.throwIfAborted();

    // The planner resumes only onto the services the failed orchestration ran against; if the
    // rebuild replaced one after all, what the green tasks wrote may be gone with it.
    const replaced = plan.resumeFrom === undefined ? undefined : convergence?.changes.find((c) => c.action !== 'keep');
    if (replaced) resumeDropped = `${replaced.service} was ${replaced.action === 'create' ? 'created' : 'recreated'} (${replaced.reason})`;
    const orchestratePlan: IterationPlan = replaced ? { ...plan, resumeFrom: undefined } : plan;
    await effects.classifierReady();
    const orchestrated = await timed('orchestrate', () => effects.orchestrate(orchestratePlan, signal));
    orchestrator = orchestrated.result;
    orchestration = orchestrated.orchestration;
    orchestratorMetrics = orchestrated.metrics ?? null;
    const { lineTasks } = orchestrated;
    if (orchestrator.aborted) throw signal.reason instanceof AbortedError ? signal.reason : new AbortedError('signal', 'SIGINT');
    const orchestratorFacts = { exitCode: orchestrator.exitCode, timedOut: orchestrator.timedOut };
    if (!orchestrator.success) {
      const facts = await effects.diagnose({
        phase: 'orchestrate',
        orchestrator: orchestratorFacts,
        outputTail: orchestrator.outputTail,
        lineTasks,
        orchestration,
      });
      return finish({ kind: 'failed', facts });
    }

    validations = await timed('validate', () => effects.validate(signal));
    const failedCheck = validations.find((v) => !v.passed);
    if (failedCheck) {
      const outputTail = `${failedCheck.name}: ${failedCheck.detail ?? ''}`;
      return finish({
        kind: 'failed',
        facts: await effects.diagnose({ phase: 'validate', orchestrator: orchestratorFacts, outputTail, lineTasks }),
      });
    }
    return finish({ kind: 'success' });
  } catch (error) {
    if (signal.aborted || error instanceof AbortedError) {
      const reason = error instanceof AbortedError ? error : abortedBy(signal, error);
      return finish({ kind: 'aborted', error: reason });
    }
    const text = errorMessage(error);
    if (error instanceof OwnershipError) {
      const facts = await effects.diagnose({ phase: current, outputTail: text }, { kind: 'message', text });
      return finish({ kind: 'stop', facts, diagnosis: text });
    }
    // An engine call that failed outside `up` (cleanup, inspect): diagnose its message like any
    // output. Anything that is not an etl-cycle error is a bug and surfaces.
    if (!isOperationalError(error)) throw error;
    return finish({ kind: 'failed', facts: await effects.diagnose({ phase: current, outputTail: text }, { kind: 'message', text }) });
  }
}

/**
 * Errors of the world rather than of etl-cycle's own code: our typed errors (engine, git,
 * processes) and Node's system errors (a file that cannot be written: `code` like EACCES).
 */
function isOperationalError(error: unknown): boolean {
  if (error instanceof EtlCycleError) return true;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return error instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

function abortedBy(signal: AbortSignal, cause: unknown): AbortedError {
  return signal.reason instanceof AbortedError ? signal.reason : new AbortedError('signal', 'SIGINT', { cause });
}

function emptyFacts(phase: IterationPhase, text: string): FailureFacts {
  return { phase, classification: { primary: 'unknown', matches: [] }, containers: [], portHolders: [], outputFingerprint: text };
}
