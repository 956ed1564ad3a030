import { formatMarkdownTable } from '../support/markdown-table.js';
import type { ServeBenchResult } from './run-serve-bench.js';

export function formatServeResults(result: ServeBenchResult): string {
  const rows = result.latency.map((l) => [
    l.path,
    `${l.rate}/s × ${l.seconds} s`,
    String(l.requests),
    String(l.non2xx),
    String(l.errors),
    `${l.ms.p50}`,
    `${l.ms.p90}`,
    `**${l.ms.p99}**`,
    `${l.ms.max}`,
  ]);
  return [
    `${result.executions} executions in the ledger (seeded in ${result.seedSeconds.toFixed(1)} s). Goal: p99 ≤ 10 ms, idle RSS ≤ 100 MiB.`,
    '',
    formatMarkdownTable(['route', 'load', 'requests', 'non-2xx', 'errors', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'], rows),
    '',
    `Resident set of \`etl-cycle serve\`: **${result.idleRssMiB.toFixed(1)} MiB** idle, ${result.rssAfterLoadMiB.toFixed(1)} MiB after the load.`,
    '(/health answers 503 when the newest generated run is not green: those count as non-2xx, and are as fast.)',
  ].join('\n');
}
