/** The history suite's tables in the results document, with the targets they are held to. */
import { formatMarkdownTable } from '../support/markdown-table.js';
import type { Summary } from '../support/summarize.js';
import type { HistoryBenchResult } from './run-history-bench.js';

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const spread = (s: Summary) => `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;

/** Targets of issue 10. */
export const HISTORY_TARGETS = { overheadPerIterationMs: 5, queryMs: 200 };

export function formatHistoryResults(r: HistoryBenchResult): string {
  const verdict = (ok: boolean) => (ok ? 'within target' : '**over target**');
  return [
    `Ledger overhead per iteration: the same failing pipeline (no backoff) run for ${r.overhead.iterations[0]} and for ${r.overhead.iterations[1]} iterations, with and without the ledger side by side, ${r.overhead.pairs} pair(s); per iteration = the slope between the two runs (start-up, opening the ledger and the final write cancel out); overhead = the median of the pairs' differences. CPU: the agent's own user + system time (what a busy machine does not inflate); wall: the report's run time.`,
    '',
    formatMarkdownTable(
      ['per iteration', 'CPU: median (min–max)', 'wall: median (min–max)'],
      [
        ['with the ledger (SQLite, WAL)', spread(r.overhead.cpu.withLedgerMs), spread(r.overhead.wall.withLedgerMs)],
        ['without (history.enabled: false)', spread(r.overhead.cpu.withoutLedgerMs), spread(r.overhead.wall.withoutLedgerMs)],
        [
          `overhead (target ≤ ${HISTORY_TARGETS.overheadPerIterationMs} ms)`,
          `${spread(r.overhead.cpu.differenceMs)}, ${verdict(r.overhead.cpu.differenceMs.median <= HISTORY_TARGETS.overheadPerIterationMs)}`,
          `${spread(r.overhead.wall.differenceMs)}, ${verdict(r.overhead.wall.differenceMs.median <= HISTORY_TARGETS.overheadPerIterationMs)}`,
        ],
      ],
      ['left', 'right', 'right'],
    ),
    '',
    formatMarkdownTable(
      ['', 'median (min–max)'],
      [['one iteration written (in process, call → commit)', `${spread(r.writeMs)}, p95 ${ms(r.writeMs.p95)}`]],
      ['left', 'right'],
    ),
    '',
    `Reading a ledger of ${r.executions.toLocaleString('en')} executions (seeded in ${r.seedSeconds.toFixed(0)} s): each command's work once the store is open (the dead-run check, its queries, its text), 7 samples after a warm-up; then the whole CLI, spawned.`,
    '',
    formatMarkdownTable(
      ['command', 'in process: median (min–max)', `target ≤ ${HISTORY_TARGETS.queryMs} ms`],
      r.queries.map((q) => [q.name, spread(q.ms), verdict(q.ms.median <= HISTORY_TARGETS.queryMs)]),
      ['left', 'right', 'left'],
    ),
    '',
    formatMarkdownTable(
      ['command (spawned)', 'wall time: median (min–max)'],
      r.cli.map((c) => [c.command, spread(c.ms)]),
      ['left', 'right'],
    ),
    '',
    `Database size: ${(r.dbBytes / 1024 ** 2).toFixed(1)} MiB for ${r.executions.toLocaleString('en')} executions, ${(r.bytesPerExecution / 1024).toFixed(2)} KiB per execution (after a WAL checkpoint).`,
  ].join('\n');
}
