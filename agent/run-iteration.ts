/**
 * One iteration: snapshot → cleanup → rebuild → orchestrate → validate, each phase timed.
 * Returns a verdict and, on failure, the facts the planner needs; it never throws for a failure
 * of the stack or the orchestrator (those are the normal business of the loop), only for bugs.
 */
import { AbortedError, errorMessage, OwnershipError } from '../core/errors.js';
import { secondsFromMs } from '../core/duration.js';
import { StackUpError } from '../docker/errors.js';
import type { CleanupResult, UpResult } from '../docker/types.js';
import type { SnapshotResult } from '../git/types.js';
import type { ProcessResult } from '../process/types.js';
import type { Classification, StreamClassifier } from '../patterns/types.js';
import { collectFailureFacts } from './collect-failure-facts.js';
import type { FailureContext } from './collect-failure-facts.js';
import type { FailureFacts, IterationPhase } from './failure.js';
import { runOrchestratePhase } from './phases/orchestrate-phase.js';
import { runCleanupPhase, runRebuildPhase } from './phases/rebuild-phase.js';
import { runSnapshotPhase } from './phases/snapshot-phase.js';
import { runValidatePhase } from './phases/validate-phase.js';
import type { ValidationOutcome } from './phases/validate-phase.js';
import type { IterationPlan } from './plan.js';
import type { CycleRecord, MatchRecord } from './report.js';
import type { RunEnvironment } from './run-environment.js';

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
  env: RunEnvironment;
  iteration: number;
  plan: IterationPlan;
  signal: AbortSignal;
  orchestratorLog: string;
}

const MAX_MATCHES_IN_REPORT = 50;

export async function runIteration(input: IterationInput): Promise<IterationResult> {
  const { env, iteration, plan, signal, orchestratorLog } = input;
  const startedAt = new Date();
  const phases: CycleRecord['phases'] = {};
  const classifier = env.catalogue.createClassifier();
  let snapshot: SnapshotResult | undefined;
  let cleanup: CleanupResult | undefined;
  let up: UpResult | undefined;
  let orchestrator: ProcessResult | undefined;
  let validations: ValidationOutcome[] = [];
  let current: IterationPhase = 'snapshot';

  const timed = async <T>(phase: IterationPhase, work: () => Promise<T>): Promise<T> => {
    current = phase;
    env.observer.phaseStarted(iteration, phase);
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      phases[phase] = secondsFromMs(performance.now() - t0);
    }
  };

  const finish = (verdict: IterationVerdict): IterationResult => ({
    verdict,
    record: buildRecord({ iteration, startedAt, verdict, phases, plan, snapshot, cleanup, up, orchestrator, validations, orchestratorLog }),
  });
  const fail = async (context: FailureContext): Promise<IterationResult> =>
    finish({ kind: 'failed', facts: await collectFailureFacts(env, classifier, context) });

  try {
    const snap = await timed('snapshot', () => runSnapshotPhase(env, iteration));
    snapshot = snap.snapshot;
    if (snap.fatal) {
      return finish({ kind: 'stop', diagnosis: snap.fatal, facts: emptyFacts('snapshot', snap.fatal) });
    }
    signal.throwIfAborted();

    cleanup = await timed('cleanup', () => runCleanupPhase(env, plan, signal));
    signal.throwIfAborted();

    try {
      up = await timed('rebuild', () => runRebuildPhase(env, plan, signal));
    } catch (error) {
      if (error instanceof StackUpError) {
        feedStackError(classifier, error);
        return await fail({
          phase: 'rebuild',
          failedService: error.service,
          stackStage: error.stage,
          outputTail: `${error.detail}\n${error.logsTail ?? ''}`,
        });
      }
      throw error;
    }
    signal.throwIfAborted();

    const orchestrated = await timed('orchestrate', () => runOrchestratePhase(env, plan, iteration, orchestratorLog, classifier, signal));
    orchestrator = orchestrated.result;
    const { lineTasks } = orchestrated;
    if (orchestrator.aborted) throw signal.reason instanceof AbortedError ? signal.reason : new AbortedError('signal', 'SIGINT');
    const orchestratorFacts = { exitCode: orchestrator.exitCode, timedOut: orchestrator.timedOut };
    if (!orchestrator.success) {
      return await fail({ phase: 'orchestrate', orchestrator: orchestratorFacts, outputTail: orchestrator.outputTail, lineTasks });
    }

    validations = await timed('validate', () => runValidatePhase(env, classifier, orchestratorLog, signal));
    const failedCheck = validations.find((v) => !v.passed);
    if (failedCheck) {
      return await fail({
        phase: 'validate',
        orchestrator: orchestratorFacts,
        outputTail: `${failedCheck.name}: ${failedCheck.detail ?? ''}`,
        lineTasks,
      });
    }
    return finish({ kind: 'success' });
  } catch (error) {
    if (signal.aborted) {
      const reason = signal.reason instanceof AbortedError ? signal.reason : new AbortedError('signal', 'SIGINT', { cause: error });
      return finish({ kind: 'aborted', error: reason });
    }
    if (error instanceof OwnershipError) {
      classifier.write('docker', `${error.message}\n`);
      classifier.end('docker');
      const facts = await collectFailureFacts(env, classifier, { phase: current, outputTail: error.message });
      return finish({ kind: 'stop', facts, diagnosis: error.message });
    }
    if (error instanceof AbortedError) return finish({ kind: 'aborted', error });
    // An engine call that failed outside `up` (cleanup, inspect): diagnose its message like any output.
    env.logger.warn(`${current} failed: ${errorMessage(error)}`);
    classifier.write('docker', `${errorMessage(error)}\n`);
    classifier.end('docker');
    return await fail({ phase: current, outputTail: errorMessage(error) });
  }
}

function feedStackError(classifier: StreamClassifier, error: StackUpError): void {
  const source = error.stage === 'readiness' ? 'readiness' : 'docker';
  classifier.write(source, `${error.detail}\n`);
  classifier.end(source);
  if (error.logsTail) {
    classifier.write(`container:${error.service}`, `${error.logsTail}\n`);
    classifier.end(`container:${error.service}`);
  }
  if (error.containerState) {
    const c = error.containerState;
    classifier.addContainerFacts({
      service: c.service,
      exitCode: c.exitCode,
      oomKilled: c.oomKilled,
      health: c.health,
      running: c.running,
    });
  }
}

function emptyFacts(phase: IterationPhase, text: string): FailureFacts {
  return { phase, classification: { primary: 'unknown', matches: [] }, containers: [], portHolders: [], outputFingerprint: text };
}

function buildRecord(parts: {
  iteration: number;
  startedAt: Date;
  verdict: IterationVerdict;
  phases: CycleRecord['phases'];
  plan: IterationPlan;
  snapshot?: SnapshotResult;
  cleanup?: CleanupResult;
  up?: UpResult;
  orchestrator?: ProcessResult;
  validations: ValidationOutcome[];
  orchestratorLog: string;
}): CycleRecord {
  const { verdict, plan } = parts;
  const endedAt = new Date();
  const facts = verdict.kind === 'failed' || verdict.kind === 'stop' ? verdict.facts : undefined;
  const classification: Classification | undefined = facts?.classification;
  const matches: MatchRecord[] = (classification?.matches ?? []).slice(0, MAX_MATCHES_IN_REPORT).map((m) => ({
    class: m.class,
    pattern: m.pattern,
    source: m.source ?? null,
    line: m.line,
    text: m.text,
    captures: m.captures,
  }));
  const primary = verdict.kind === 'success' || verdict.kind === 'aborted' ? null : (classification?.primary ?? 'unknown');
  const errors = describeErrors(verdict, classification);
  return {
    iteration: parts.iteration,
    status: verdict.kind === 'success' ? 'success' : verdict.kind === 'aborted' ? 'aborted' : 'failed',
    success: verdict.kind === 'success',
    start_time: parts.startedAt.toISOString(),
    end_time: endedAt.toISOString(),
    duration_seconds: secondsFromMs(endedAt.getTime() - parts.startedAt.getTime()),
    errors_count: errors.length,
    errors,
    adjustments_count: 0,
    adjustments: [],
    adjustment_details: [],
    failed_phase: facts?.phase ?? null,
    primary_class: primary,
    failed_task: classification?.primaryMatch?.captures.task ?? null,
    classes: [...new Set((classification?.matches ?? []).map((m) => m.class))],
    matches,
    orchestrator_exit_code: parts.orchestrator?.exitCode ?? null,
    orchestrator_timed_out: parts.orchestrator?.timedOut ?? false,
    phases: parts.phases,
    git_snapshot: {
      status: parts.snapshot?.status ?? 'skipped',
      sha: parts.snapshot?.sha ?? null,
      ref: parts.snapshot?.ref ?? null,
      message: parts.snapshot?.message ?? null,
    },
    logs: { orchestrator: parts.orchestrator ? parts.orchestratorLog : null },
    plan: {
      readiness: Object.fromEntries(
        Object.entries(plan.readiness).map(([name, r]) => [
          name,
          {
            strategy: r.strategy.type,
            timeout_seconds: secondsFromMs(r.timeoutMs),
            settle_seconds: secondsFromMs(r.settleMs),
          },
        ]),
      ),
      orchestrator_timeout_seconds: secondsFromMs(plan.orchestratorTimeoutMs),
      step_timeout_factor: plan.stepTimeoutFactor,
      max_workers: plan.maxWorkers ?? null,
      recreated_volumes: plan.recreateVolumes,
      removed_orphans: plan.removeOrphans,
      memory_overrides: plan.memoryOverrides,
    },
    services: (parts.up?.services ?? []).map((s) => ({
      service: s.service,
      ready: s.ready,
      ready_after_seconds: s.readyAfterMs === undefined ? null : secondsFromMs(s.readyAfterMs),
      detail: s.detail ?? null,
    })),
    containers: facts ? [...facts.containers] : [],
    validations: parts.validations,
    cleanup: { removed: parts.cleanup?.removed.length ?? 0, orphans_kept: (parts.cleanup?.orphansKept ?? []).map((r) => r.name) },
    diagnosis: verdict.kind === 'stop' ? verdict.diagnosis : null,
  };
}

/** The predecessor's `errors` list: one readable line per distinct failure found. */
function describeErrors(verdict: IterationVerdict, classification: Classification | undefined): string[] {
  if (verdict.kind === 'success' || verdict.kind === 'aborted') return [];
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const m of classification?.matches ?? []) {
    const key = `${m.class}|${m.pattern}|${m.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`${m.class} (${m.pattern}) at ${m.source ?? 'output'}:${m.line}: ${m.text}`);
    if (lines.length >= 20) break;
  }
  if (lines.length === 0) lines.push(verdict.kind === 'stop' ? verdict.diagnosis : `unclassified failure in ${verdict.facts.phase}`);
  return lines;
}
