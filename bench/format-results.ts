/** The results document (Markdown) of one benchmark session. */
import type { ClassifierBenchResult } from './classifier/run-classifier-bench.js';
import { formatClassifierTable } from './classifier-suite.js';
import { formatHistoryResults } from './history/format-history-bench.js';
import type { HistoryBenchResult } from './history/run-history-bench.js';
import type { OutputFloodResult } from './output-flood/run-output-flood.js';
import { formatOutputFlood } from './output-flood/format-output-flood.js';
import type { BenchOptions } from './parse-bench-args.js';
import type { RunStartupResult } from './startup/measure-run-startup.js';
import type { StartupResult } from './startup/measure-startup.js';
import { formatStopTable } from './stop/measure-stop.js';
import type { StopCase } from './stop/measure-stop.js';
import { formatMachine } from './support/describe-machine.js';
import type { MachineDescription } from './support/describe-machine.js';
import { formatMarkdownTable } from './support/markdown-table.js';
import type { Contender } from './time-to-green/contenders.js';
import {
  formatAgentTable,
  formatDetailTable,
  formatRatioMatrix,
  formatSummary,
  milliseconds,
  ratio,
  seconds,
} from './time-to-green/format-time-to-green.js';
import type { Labels } from './time-to-green/format-time-to-green.js';
import type { Scenario } from './time-to-green/scenarios.js';
import { checkTargets } from './time-to-green/check-targets.js';
import { bestContender } from './time-to-green/summarize-runs.js';
import type { TimeToGreenSummary } from './time-to-green/summarize-runs.js';
import type { RunRecord } from './time-to-green/types.js';

export interface BenchResults {
  startedAt: string;
  durationSeconds: number;
  command: string;
  options: BenchOptions;
  machine: MachineDescription;
  notes: string[];
  timeToGreen?: {
    scenarios: readonly Scenario[];
    contenders: readonly Contender[];
    records: RunRecord[];
    summary: TimeToGreenSummary;
  };
  startup?: StartupResult[];
  runStartup?: RunStartupResult;
  stop?: StopCase[];
  classifier?: ClassifierBenchResult;
  history?: HistoryBenchResult;
  outputFlood?: OutputFloodResult;
}

export function formatResults(results: BenchResults): string {
  const out: string[] = [
    `# etl-cycle benchmark, ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `- Machine: ${formatMachine(results.machine)}`,
    `- Command: \`${results.command}\``,
    `- ${results.options.quick ? 'Quick' : 'Full'} mode, seed ${results.options.seed}${results.timeToGreen ? `, ${results.options.runs} round(s) of the time-to-green suite` : ''}; took ${(results.durationSeconds / 60).toFixed(1)} min`,
    ...results.notes.map((note) => `- ${note}`),
  ];
  const ttg = results.timeToGreen;
  if (ttg) {
    const labels: Labels = {
      scenario: (id) => ttg.scenarios.find((s) => s.id === id)?.title ?? id,
      contender: (id) => ttg.contenders.find((c) => c.id === id)?.title ?? id,
    };
    const scenarioIds = ttg.scenarios.map((s) => s.id);
    const contenderIds = ttg.contenders.map((c) => c.id);
    out.push(
      '',
      '## Time to green',
      '',
      `Median wall time (to green, or to the end when the tool never got there) as a multiple of the floor of the scenario's stack — the faultless stack brought up directly and run once: ${floorsText(ttg.summary)}. Each cell: ratio, outcome, iterations. Bold: the best in the scenario (best outcome, then fastest).`,
      '',
      formatRatioMatrix(ttg.summary, scenarioIds, contenderIds, labels),
      '',
      ...notBestLines(ttg.summary, scenarioIds, labels),
      '### Every figure',
      '',
      formatDetailTable(ttg.summary, labels),
      '',
      '### The faults, as drawn',
      '',
      ...faultLines(ttg.records, ttg.scenarios),
      '',
      '### The contenders',
      '',
      formatMarkdownTable(
        ['contender', 'settings', 'hard limit per run'],
        ttg.contenders.map((c) => [c.title, c.settings, seconds(c.hardTimeoutMs({ shellAttempts: results.options.shellAttempts }) / 1000)]),
      ),
      '',
      ...targetLines(ttg.summary, ttg.scenarios),
      "## etl-cycle's own cost",
      '',
      'Overhead = wall time of the etl-cycle process minus the phase durations its report records (engine cleanup and rebuild with readiness waits, the orchestrator, validations, backoff); start-up is spawn → first cycle, the rest is divided by the cycles. Peak RSS of the etl-cycle process itself (getrusage, children excluded).',
      '',
      formatAgentTable(ttg.summary, labels),
    );
  }
  if (results.startup) {
    out.push(
      '',
      '## Start-up',
      '',
      formatMarkdownTable(
        ['command', 'samples', 'wall time: median (min–max)'],
        [
          ...results.startup.map((s) => [s.command, String(s.samples), formatSummary(s.seconds, milliseconds)]),
          ...(results.runStartup
            ? [
                [
                  'etl-cycle run: spawn → first phase (one service)',
                  String(results.runStartup.samples),
                  formatSummary(results.runStartup.startupSeconds, milliseconds),
                ],
                [
                  'etl-cycle run: own overhead of its one cycle',
                  String(results.runStartup.samples),
                  formatSummary(results.runStartup.overheadSeconds, milliseconds),
                ],
              ]
            : []),
        ],
        ['left', 'right', 'right'],
      ),
    );
  }
  if (results.stop) {
    out.push(
      '',
      '## Stopping',
      '',
      "etl-cycle's own stack operations removing BusyBox containers that ignore SIGTERM (PID 1), from the call to the last removal.",
      '',
      formatStopTable(results.stop),
    );
  }
  if (results.classifier) {
    out.push('', '## Classifier throughput', '', formatClassifierTable(results.classifier));
  }
  if (results.history) out.push('', '## Run history (the ledger)', '', formatHistoryResults(results.history));
  if (results.outputFlood) {
    out.push('', '## Output flood', '', formatOutputFlood(results.outputFlood));
  }
  return `${out.join('\n')}\n`;
}

function floorsText(summary: TimeToGreenSummary): string {
  const entries = Object.entries(summary.floors);
  if (entries.length === 1) return formatSummary(entries[0]![1], seconds);
  return entries.map(([stack, floor]) => `${stack} ${formatSummary(floor, seconds)}`).join('; ');
}

/** The targets etl-cycle has on some scenarios, and whether this session met them. */
function targetLines(summary: TimeToGreenSummary, scenarios: readonly Scenario[]): string[] {
  const checks = checkTargets(summary, scenarios);
  if (checks.length === 0) return [];
  const title = (id: string) => scenarios.find((s) => s.id === id)?.title ?? id;
  return [
    "### etl-cycle's targets",
    '',
    formatMarkdownTable(
      ['scenario', 'target', 'measured (median)', 'met'],
      checks.map((c) => [title(c.scenario), c.target, c.measured, c.met ? 'yes' : '**no**']),
    ),
    '',
  ];
}

/** Where etl-cycle was not the best: the reader should not have to hunt for it. */
function notBestLines(summary: TimeToGreenSummary, scenarios: readonly string[], labels: Labels): string[] {
  const lines = scenarios.flatMap((scenario) => {
    const best = bestContender(summary.rows, scenario);
    const ours = summary.rows.find((r) => r.scenario === scenario && r.contender === 'etl-cycle');
    const winner = summary.rows.find((r) => r.scenario === scenario && r.contender === best);
    if (!best || best === 'etl-cycle' || !ours || !winner) return [];
    return [
      `- ${labels.scenario(scenario)}: ${labels.contender(best)} ${ratio(winner.ratio)} ${winner.outcome}, etl-cycle ${ratio(ours.ratio)} ${ours.outcome} (${formatSummary(ours.iterations, String)} ${ours.iterations?.median === 1 ? 'iteration' : 'iterations'}).`,
    ];
  });
  return lines.length === 0 ? [] : ['etl-cycle was not the best in:', '', ...lines, ''];
}

function faultLines(records: readonly RunRecord[], scenarios: readonly Scenario[]): string[] {
  return scenarios.map((scenario) => {
    const drawn = [...new Set(records.filter((r) => r.scenario === scenario.id).map((r) => r.fault))];
    return `- **${scenario.title}**: ${drawn.join('; ') || 'not run'}`;
  });
}
