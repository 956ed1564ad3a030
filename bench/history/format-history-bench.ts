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
    `Ledger overhead per iteration: ${r.overhead.pairs} pair(s) of the same failing run (${r.overhead.iterations} iterations, no backoff) with and without the ledger, side by side, alternating which goes first; per iteration = run time / iterations; overhead = the median of the pairs' differences.`,
    '',
    formatMarkdownTable(
      ['', 'per iteration: median (min–max)'],
      [
        ['with the ledger (SQLite, WAL)', spread(r.overhead.withLedgerMs)],
        ['without (history.enabled: false)', spread(r.overhead.withoutLedgerMs)],
        [
          `overhead (target ≤ ${HISTORY_TARGETS.overheadPerIterationMs} ms)`,
          `${spread(r.overhead.differenceMs)}, ${verdict(r.overhead.differenceMs.median <= HISTORY_TARGETS.overheadPerIterationMs)}`,
        ],
        ['one iteration written (in process, call → commit)', `${spread(r.writeMs)}, p95 ${ms(r.writeMs.p95)}`],
      ],
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
