/**
 * Outcome and agent figures of an etl-cycle run, from the report it wrote and the wall time the
 * harness measured around it.
 */
import type { RunReport } from '../../agent/report.js';
import type { TimedRun } from '../support/run-timed.js';
import type { AgentFigures, Interpretation, Outcome } from './types.js';

const OUTCOME_BY_STOP_REASON: Record<string, Outcome> = {
  success: 'green',
  non_retryable: 'stopped',
  stuck: 'stopped',
  max_iterations: 'gave-up',
  budget: 'gave-up',
  aborted: 'error',
};

export function interpretEtlCycleRun(
  run: Pick<TimedRun, 'exitCode' | 'signal' | 'timedOut' | 'seconds' | 'startedAt'>,
  report: RunReport | undefined,
  peakRssKb: number | undefined,
): Interpretation {
  if (run.timedOut) return { outcome: 'timeout', iterations: report?.cycles.length ?? null, detail: 'killed at the hard time limit' };
  if (!report || report.status !== 'finished') {
    return {
      outcome: 'error',
      iterations: report?.cycles.length ?? null,
      detail: `exited with ${run.signal ?? `code ${run.exitCode}`} without a finished report`,
    };
  }
  const outcome = OUTCOME_BY_STOP_REASON[report.stop_reason ?? ''] ?? 'error';
  return {
    outcome,
    iterations: report.iterations_executed,
    detail: outcome === 'green' ? null : `${report.stop_reason}${report.diagnosis ? `: ${report.diagnosis}` : ''}`,
    agent: agentFigures(run, report, peakRssKb),
  };
}

/**
 * The agent's own time: what the report does not attribute to a phase (cleanup and rebuild are
 * engine calls and readiness waits, orchestrate and validate are the user's commands, backoff is
 * a deliberate wait), split into start-up (before the first cycle) and the rest per cycle.
 */
export function agentFigures(run: Pick<TimedRun, 'seconds' | 'startedAt'>, report: RunReport, peakRssKb: number | undefined): AgentFigures {
  const phaseSeconds = report.cycles.reduce((sum, cycle) => sum + Object.values(cycle.phases).reduce<number>((s, v) => s + (v ?? 0), 0), 0);
  const overheadSeconds = Math.max(0, run.seconds - phaseSeconds);
  const first = report.cycles[0];
  const startupSeconds = first
    ? Math.min(overheadSeconds, Math.max(0, (Date.parse(first.start_time) - run.startedAt) / 1000))
    : overheadSeconds;
  const cycles = report.cycles.length;
  const last = report.cycles[report.cycles.length - 1];
  const services = last?.rebuild?.services ?? [];
  return {
    cycles,
    overheadSeconds,
    startupSeconds,
    overheadPerCycleSeconds: cycles > 0 ? (overheadSeconds - startupSeconds) / cycles : 0,
    peakRssMb: peakRssKb === undefined ? null : peakRssKb / 1024,
    stopReason: report.stop_reason,
    backoffSeconds: report.cycles.reduce((sum, cycle) => sum + (cycle.phases.backoff ?? 0), 0),
    lastRebuild: last?.rebuild
      ? {
          kept: services.filter((s) => s.action === 'kept').map((s) => s.service),
          rebuilt: services.filter((s) => s.action !== 'kept').map((s) => s.service),
        }
      : null,
  };
}
