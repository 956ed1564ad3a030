/**
 * Which alerts a run's end raises: its final failure, a recovery (green after a failed run), the
 * success rate falling below its threshold, data gaps older than a limit. Reads the ledger and
 * the gaps provider when they are there; without them, the events that need them stay silent
 * (and say why in `skipped`) while the others still fire.
 */
import { formatDuration } from '../core/duration.js';
import type { AlertLedger, AlertNotice, AlertSettings, GapsProvider, OutcomeCounts, RunOutcome } from './types.js';

export interface EvaluateInput {
  run: RunOutcome;
  settings: AlertSettings;
  ledger?: AlertLedger;
  gaps?: GapsProvider;
  now?: number;
}

export interface Evaluation {
  notices: AlertNotice[];
  /** Events configured but not evaluated, and why (no ledger, no gaps provider, a read failed). */
  skipped: string[];
}

export async function evaluateAlerts(input: EvaluateInput): Promise<Evaluation> {
  const { run, settings, ledger } = input;
  const notices: AlertNotice[] = [];
  const skipped: string[] = [];
  const attempt = async (event: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      skipped.push(`${event}: ${(error as Error).message}`);
    }
  };

  if (settings.failure && run.state === 'failed') notices.push(failureNotice(run));

  if (settings.recovery && run.state === 'success') {
    if (!ledger) skipped.push('recovery: no run history to compare with (history.enabled: false or the ledger is unusable)');
    else
      await attempt('recovery', async () => {
        const previous = await ledger.previousOutcome(run.project, run.executionId);
        if (previous && previous.state !== 'success')
          notices.push({
            event: 'recovery',
            project: run.project,
            summary: `✅ ${run.project}: green again after ${run.iterations} iteration(s) (previous run ${previous.id} ${previous.state}${previous.mainClass ? `: ${previous.mainClass}` : ''})`,
            run,
            details: { previous_execution: previous },
          });
      });
  }

  const rate = settings.successRate;
  if (rate && run.state !== 'aborted') {
    if (!ledger) skipped.push('success_rate: no run history (history.enabled: false or the ledger is unusable)');
    else
      await attempt('success_rate', async () => {
        const now = input.now ?? Date.now();
        const counts = await ledger.countsSince(run.project, now - rate.windowMs);
        const crossing = successRateCrossing(counts, run.state, rate);
        if (crossing)
          notices.push({
            event: 'success_rate',
            project: run.project,
            summary: `📉 ${run.project}: success rate ${percent(crossing.rate)} over the last ${formatAge(rate.windowMs)} (${crossing.runs} runs), below ${percent(rate.below)}`,
            run,
            details: { success_rate: crossing.rate, runs: crossing.runs, window_seconds: rate.windowMs / 1000, below: rate.below, counts },
          });
      });
  }

  const gapRule = settings.gaps;
  if (gapRule && run.state !== 'aborted') {
    if (!input.gaps) skipped.push('gaps: gap tracking is not available in this etl-cycle yet');
    else {
      const provider = input.gaps;
      await attempt('gaps', async () => {
        const gaps = await provider(run.project);
        if (gaps.count > 0 && gaps.oldestAgeMs > gapRule.olderThanMs)
          notices.push({
            event: 'gaps',
            project: run.project,
            summary: `🕳️ ${run.project}: ${gaps.count} data gap(s), the oldest ${formatAge(gaps.oldestAgeMs)} old (limit ${formatAge(gapRule.olderThanMs)})`,
            run,
            details: {
              gaps: gaps.count,
              oldest_age_seconds: Math.round(gaps.oldestAgeMs / 1000),
              older_than_seconds: gapRule.olderThanMs / 1000,
            },
          });
      });
    }
  }
  return { notices, skipped };
}

function failureNotice(run: RunOutcome): AlertNotice {
  const cls = run.mainClass ? ` (${run.mainClass})` : '';
  return {
    event: 'failure',
    project: run.project,
    summary: `❌ ${run.project}: not green after ${run.iterations} iteration(s), stopped: ${run.stopReason ?? 'failed'}${cls}`,
    run,
    details: {},
  };
}

/**
 * The rate with this run, when it takes the rate below the threshold: the rate without this run
 * was at or above it (or the window held too few runs to say). A rate that stays low does not
 * alert again until it has been back up, so a bad week is one message, not one per run.
 */
export function successRateCrossing(
  counts: OutcomeCounts,
  thisRun: RunOutcome['state'],
  rule: { below: number; minRuns: number },
): { rate: number; runs: number } | undefined {
  const runs = counts.success + counts.failed + counts.interrupted;
  if (runs < rule.minRuns || runs === 0) return undefined;
  const rate = counts.success / runs;
  if (rate >= rule.below) return undefined;
  const before = { runs: runs - 1, success: counts.success - (thisRun === 'success' ? 1 : 0) };
  const wasBelow = before.runs >= rule.minRuns && before.runs > 0 && before.success / before.runs < rule.below;
  return wasBelow ? undefined : { rate, runs };
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

function formatAge(ms: number): string {
  const day = 86_400_000;
  return ms >= day && ms % (day / 24) === 0 ? `${+(ms / day).toFixed(1)}d` : formatDuration(ms);
}
