/** The time-to-green tables, as Markdown. */
import { formatMarkdownTable } from '../support/markdown-table.js';
import type { Summary } from '../support/summarize.js';
import { bestContender } from './summarize-runs.js';
import type { TimeToGreenSummary } from './summarize-runs.js';

export interface Labels {
  scenario: (id: string) => string;
  contender: (id: string) => string;
}

/** "12.3 s (11.9–13.0 s)": the median, and the range when the runs differ. */
export function formatSummary(summary: Summary | undefined, format: (value: number) => string): string {
  if (!summary) return 'n/a';
  const median = format(summary.median);
  const [min, max] = [format(summary.min), format(summary.max)];
  if (summary.count < 2 || min === max) return median;
  // One unit for the range: "12.0–18.0 s" rather than "12.0 s–18.0 s".
  const unit = / \S+$/.exec(min)?.[0];
  const range = unit && max.endsWith(unit) ? `${min.slice(0, -unit.length)}–${max}` : `${min}–${max}`;
  return `${median} (${range})`;
}

export const seconds = (value: number): string => `${value.toFixed(1)} s`;
export const milliseconds = (value: number): string => `${Math.round(value * 1000)} ms`;
export const ratio = (value: number | undefined): string =>
  value === undefined ? 'n/a' : `×${value < 10 ? value.toFixed(2) : value.toFixed(1)}`;
const count = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));
const mebibytes = (value: number): string => `${value.toFixed(0)} MiB`;

/** The headline: one row per scenario, one column per contender, each cell "×ratio outcome (iterations)". */
export function formatRatioMatrix(
  summary: TimeToGreenSummary,
  scenarios: readonly string[],
  contenders: readonly string[],
  labels: Labels,
): string {
  const header = ['scenario', ...contenders.map(labels.contender)];
  const rows = scenarios.flatMap((scenario) => {
    const cells = summary.rows.filter((r) => r.scenario === scenario);
    if (cells.length === 0) return [];
    const best = bestContender(summary.rows, scenario);
    return [
      [
        labels.scenario(scenario),
        ...contenders.map((contender) => {
          const row = cells.find((r) => r.contender === contender);
          if (!row) return '—';
          const text = `${ratio(row.ratio)} ${row.outcome} (${formatSummary(row.iterations, count)} it.)`;
          return contender === best ? `**${text}**` : text;
        }),
      ],
    ];
  });
  return formatMarkdownTable(header, rows);
}

/** Every scenario × contender with its figures. */
export function formatDetailTable(summary: TimeToGreenSummary, labels: Labels): string {
  const header = ['scenario', 'contender', 'outcome', 'iterations', 'wall time: median (min–max)', '× floor'];
  const rows: string[][] = [['floor (no fault, direct)', '—', 'green', '1', formatSummary(summary.floor, seconds), '×1.00']];
  for (const row of summary.rows) {
    rows.push([
      labels.scenario(row.scenario),
      labels.contender(row.contender),
      row.outcome,
      formatSummary(row.iterations, count),
      formatSummary(row.seconds, seconds),
      ratio(row.ratio),
    ]);
  }
  return formatMarkdownTable(header, rows, ['left', 'left', 'left', 'right', 'right', 'right']);
}

/** etl-cycle's own cost: start-up, overhead per cycle, peak RSS of its process. */
export function formatAgentTable(summary: TimeToGreenSummary, labels: Labels): string {
  const header = ['scenario', 'cycles', 'start-up (spawn → first cycle)', 'own overhead per cycle', 'peak RSS'];
  const rows = summary.agent.map((row) => [
    row.scenario === 'all scenarios' ? '**all scenarios**' : labels.scenario(row.scenario),
    formatSummary(row.cycles, count),
    formatSummary(row.startupSeconds, milliseconds),
    formatSummary(row.overheadPerCycleSeconds, milliseconds),
    formatSummary(row.peakRssMb, mebibytes),
  ]);
  return formatMarkdownTable(header, rows, ['left', 'right', 'right', 'right', 'right']);
}
