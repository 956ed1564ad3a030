/**
 * `etl-cycle run --explain`: what the history predicts before a run starts — how often and how
 * fast this pipeline usually goes green, the classes it usually hits, and which deadlines start
 * from past green runs instead of the configured numbers (and why).
 */
import { formatDuration } from '../core/duration.js';
import { formatPercent } from './format-when.js';
import type { LearnedDeadline, LearnedDeadlines } from './learned-deadlines.js';
import type { HistoryStats } from './stats.js';

export interface ExplainContext {
  project: string;
  /** "the last 30 days" */
  window: string;
  /** learn.deadlines and its settings; null when learning is off. */
  learning: { minRuns: number; window: number } | null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describeLearned(what: string, d: LearnedDeadline): string {
  return `${what}: ${formatDuration(d.ms)} (configured ${formatDuration(d.configuredMs)}; p95 ${formatDuration(d.p95Ms)} over ${plural(d.samples, 'green run')})`;
}

export function explainHistory(stats: HistoryStats, learned: LearnedDeadlines | null, context: ExplainContext): string[] {
  const lines: string[] = [];
  if (stats.executions === 0) {
    lines.push(`history: no execution of project ${context.project} in ${context.window}; this run starts the record`);
  } else {
    const { byState } = stats;
    lines.push(
      `history: ${plural(stats.executions, 'execution')} of project ${context.project} in ${context.window}, green in ${formatPercent(stats.successRate)}` +
        (byState.interrupted ? ` (${byState.interrupted} interrupted)` : ''),
    );
    if (stats.timeToGreenMs.count > 0) {
      lines.push(
        `  usually green in ${formatDuration(stats.timeToGreenMs.median!)} (p95 ${formatDuration(stats.timeToGreenMs.p95!)}), ` +
          `after ${stats.iterationsToGreen.median} iteration(s) (p95 ${stats.iterationsToGreen.p95}); ` +
          `green only after a retry in ${formatPercent(stats.flakiness)} of green runs`,
      );
    }
    if (stats.topClasses.length > 0) {
      lines.push(
        `  usually hits: ${stats.topClasses
          .slice(0, 5)
          .map((c) => `${c.class} (in ${plural(c.executions, 'run')})`)
          .join(', ')}`,
      );
    }
    const shaky = stats.tasks.filter((t) => t.failures > 0).sort((a, b) => (b.failureRate ?? 0) - (a.failureRate ?? 0));
    if (shaky.length > 0) {
      lines.push(
        `  tasks that fail: ${shaky
          .slice(0, 5)
          .map((t) => `${t.taskId} (${formatPercent(t.failureRate)} of ${plural(t.runs, 'run')})`)
          .join(', ')}`,
      );
    }
  }
  lines.push(...explainLearned(learned, context));
  return lines;
}

function explainLearned(learned: LearnedDeadlines | null, context: ExplainContext): string[] {
  if (context.learning === null) return ['  deadlines: as configured (history.learn.deadlines is off)'];
  if (learned === null || learned.greenRuns < context.learning.minRuns) {
    const have = learned?.greenRuns ?? 0;
    return [`  deadlines: as configured (${plural(have, 'green run')} recorded, ${context.learning.minRuns} needed to learn from)`];
  }
  const items = [
    ...Object.entries(learned.readiness).map(([service, d]) => describeLearned(`readiness of ${service}`, d)),
    ...(learned.orchestratorTimeout ? [describeLearned('orchestrator timeout', learned.orchestratorTimeout)] : []),
    ...(learned.taskTimeoutFactor
      ? [
          `task timeouts ×${learned.taskTimeoutFactor.factor} (ETL_CYCLE_TIMEOUT_FACTOR; needed: ${Object.entries(
            learned.taskTimeoutFactor.tasks,
          )
            .map(([id, d]) => `${id} p95 ${formatDuration(d.p95Ms)}`)
            .join(', ')})`,
        ]
      : []),
  ];
  if (items.length === 0) return [`  deadlines: as configured (the newest ${plural(learned.greenRuns, 'green run')} fit them)`];
  return [
    `  deadlines from history (p95 × ${learned.margin} of the newest ${plural(learned.greenRuns, 'green run')}):`,
    ...items.map((item) => `    ${item}`),
  ];
}
