/**
 * An iteration's record in the run report (CycleRecord): what ran, how long each phase took,
 * what was found, with the plan it ran with. Built once per iteration by run-iteration.ts; the
 * loop adds the adjustments or the diagnosis it decided on (cycle-step.ts).
 */
import { secondsFromMs } from '../core/duration.js';
import type { CleanupResult, Convergence, ServiceChange, UpResult } from '../docker/types.js';
import type { SnapshotResult } from '../git/types.js';
import type { ProcessResult } from '../process/types.js';
import type { Classification } from '../patterns/types.js';
import type { MetricTotals } from '../core/row-metrics.js';
import type { OrchestrationSummary } from './orchestration-summary.js';
import type { ValidationOutcome } from './phases/validate-phase.js';
import type { IterationPlan } from './plan.js';
import type { CycleRecord, MatchRecord } from './report.js';
import type { IterationVerdict } from './run-iteration.js';

const MAX_MATCHES_IN_REPORT = 50;

const PAST: Record<ServiceChange['action'], CycleRecord['rebuild']['services'][number]['action']> = {
  keep: 'kept',
  create: 'created',
  recreate: 'recreated',
};

export interface CycleRecordParts {
  iteration: number;
  startedAt: Date;
  verdict: IterationVerdict;
  phases: CycleRecord['phases'];
  plan: IterationPlan;
  snapshot?: SnapshotResult;
  cleanup?: CleanupResult;
  /** What the rebuild decided per service (there even when the rebuild then failed). */
  convergence?: Convergence;
  up?: UpResult;
  orchestrator?: ProcessResult;
  orchestration?: OrchestrationSummary;
  orchestratorMetrics?: MetricTotals | null;
  resumeDropped?: string;
  validations: ValidationOutcome[];
  orchestratorLog: string;
}

export function buildCycleRecord(parts: CycleRecordParts): CycleRecord {
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
    orchestrator_metrics: parts.orchestratorMetrics ?? null,
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
      rebuild: plan.rebuild,
      resume_from: plan.resumeFrom ?? null,
    },
    rebuild: {
      services: (parts.convergence?.changes ?? []).map((c) => ({ service: c.service, action: PAST[c.action], reason: c.reason })),
      removed: [...(parts.cleanup?.removed ?? []), ...(parts.up?.removed ?? [])].map((r) => ({
        kind: r.kind,
        name: r.name,
        reason: r.reason ?? null,
      })),
    },
    orchestration: parts.orchestration
      ? {
          execution_id: parts.orchestration.executionId,
          resumed_from: parts.orchestration.resumedFrom,
          reused: parts.orchestration.reused,
          succeeded: parts.orchestration.succeeded,
          failed: parts.orchestration.failed,
          not_run: parts.orchestration.notRun,
          resume_dropped: parts.resumeDropped ?? null,
        }
      : null,
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
