/**
 * The command line of `npm run bench -- [options]`, as plain data. Bad values are one line
 * naming the option, the value and what is expected (UsageError, exit 2).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import { DEFAULT_SHELL_ATTEMPTS } from './time-to-green/contenders.js';
import { CONTENDER_IDS } from './time-to-green/types.js';
import type { ContenderId } from './time-to-green/types.js';
import { SCENARIO_IDS } from './time-to-green/scenarios.js';
import type { ScenarioId } from './time-to-green/scenarios.js';
import { STACK_IDS } from './time-to-green/stacks.js';
import type { StackId } from './time-to-green/stacks.js';

export const SUITE_IDS = ['startup', 'stop', 'time-to-green', 'classifier', 'output-flood', 'history'] as const;
export type SuiteId = (typeof SUITE_IDS)[number];

export interface BenchOptions {
  quick: boolean;
  runs: number;
  seed: number;
  scenarios: ScenarioId[];
  /** Only the scenarios on these stacks. */
  stacks: StackId[];
  contenders: ContenderId[];
  suites: SuiteId[];
  classifierBytes: number;
  floodBytes: number;
  startupSamples: number;
  shellAttempts: number;
  historyExecutions: number;
  historyPairs: number;
  keepLogs: boolean;
  outDir: string | undefined;
  help: boolean;
}

export const DEFAULT_SEED = 5;
/** The classifier log of a full run (issue #3 asks for at least 1 GB); --quick uses a smaller one. */
export const FULL_CLASSIFIER_BYTES = 1024 ** 3;
export const QUICK_CLASSIFIER_BYTES = 32 * 1024 ** 2;
/** The output flood of issue 17 (1 GiB printed by the orchestrator); --quick prints less. */
export const FULL_FLOOD_BYTES = 1024 ** 3;
export const QUICK_FLOOD_BYTES = 128 * 1024 ** 2;

export const BENCH_USAGE = `Usage: npm run bench -- [options]
  --quick                  fewer runs and scenarios, a smaller classifier log (under 5 minutes)
  --runs N                 rounds of the time-to-green suite (default 3; --quick: 1)
  --seed N                 seed of the fault parameters and the contenders' order (default ${DEFAULT_SEED})
  --scenarios a,b          ${SCENARIO_IDS.join(', ')}
  --stacks a,b             only the scenarios on these stacks: ${STACK_IDS.join(', ')}
                           (--stacks flaky-upstream,chain runs the converge/resume scenarios alone)
  --contenders a,b         ${CONTENDER_IDS.join(', ')}
  --suites a,b             ${SUITE_IDS.join(', ')} (default: all)
  --classifier-size SIZE   size of the generated log for the classifier suite (default 1g; --quick: 32m)
  --flood-size SIZE        output of the orchestrator in the output-flood suite (default 1g; --quick: 128m);
                           --suites output-flood runs only it
  --startup-samples N      spawns of etl-cycle --help (default 20; --quick: 10)
  --shell-attempts N       attempts of the compose retry loop and the predecessor (default ${DEFAULT_SHELL_ATTEMPTS})
  --history-executions N   executions in the ledger the history suite queries (default 100000; --quick: 20000)
  --history-pairs N        runs with and without the ledger, for its overhead per iteration (default 12; --quick: 3)
  --keep-logs              keep every run's output (printed path) instead of deleting it
  --out DIR                where the .md and .json results go (default bench/results)`;

export function parseBenchArgs(argv: readonly string[], quickScenarios: readonly ScenarioId[]): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        quick: { type: 'boolean', default: false },
        runs: { type: 'string' },
        seed: { type: 'string' },
        scenarios: { type: 'string' },
        stacks: { type: 'string' },
        contenders: { type: 'string' },
        suites: { type: 'string' },
        'classifier-size': { type: 'string' },
        'flood-size': { type: 'string' },
        'startup-samples': { type: 'string' },
        'shell-attempts': { type: 'string' },
        'history-executions': { type: 'string' },
        'history-pairs': { type: 'string' },
        'keep-logs': { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`bench: ${(error as Error).message}`, { hint: 'npm run bench -- --help lists the options' });
  }
  const { values } = parsed;
  const quick = values.quick === true;
  return {
    quick,
    runs: values.runs === undefined ? (quick ? 1 : 3) : positiveInteger('--runs', values.runs),
    seed: values.seed === undefined ? DEFAULT_SEED : nonNegativeInteger('--seed', values.seed),
    scenarios:
      values.scenarios === undefined ? [...(quick ? quickScenarios : SCENARIO_IDS)] : idList('--scenarios', values.scenarios, SCENARIO_IDS),
    stacks: values.stacks === undefined ? [...STACK_IDS] : idList('--stacks', values.stacks, STACK_IDS),
    contenders: values.contenders === undefined ? [...CONTENDER_IDS] : idList('--contenders', values.contenders, CONTENDER_IDS),
    suites: values.suites === undefined ? [...SUITE_IDS] : idList('--suites', values.suites, SUITE_IDS),
    classifierBytes:
      values['classifier-size'] === undefined
        ? quick
          ? QUICK_CLASSIFIER_BYTES
          : FULL_CLASSIFIER_BYTES
        : byteSize('--classifier-size', values['classifier-size']),
    floodBytes:
      values['flood-size'] === undefined ? (quick ? QUICK_FLOOD_BYTES : FULL_FLOOD_BYTES) : byteSize('--flood-size', values['flood-size']),
    startupSamples:
      values['startup-samples'] === undefined ? (quick ? 10 : 20) : positiveInteger('--startup-samples', values['startup-samples']),
    shellAttempts:
      values['shell-attempts'] === undefined ? DEFAULT_SHELL_ATTEMPTS : positiveInteger('--shell-attempts', values['shell-attempts']),
    historyExecutions:
      values['history-executions'] === undefined
        ? quick
          ? 20_000
          : 100_000
        : positiveInteger('--history-executions', values['history-executions']),
    historyPairs: values['history-pairs'] === undefined ? (quick ? 3 : 12) : positiveInteger('--history-pairs', values['history-pairs']),
    keepLogs: values['keep-logs'] === true,
    outDir: values.out,
    help: values.help === true,
  };
}

function positiveInteger(option: string, text: string): number {
  const value = nonNegativeInteger(option, text);
  if (value === 0) throw new UsageError(`bench: ${option} must be at least 1, got "${text}"`);
  return value;
}

function nonNegativeInteger(option: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`bench: ${option} expects a whole number, got "${text}"`);
  return Number(text);
}

function idList<T extends string>(option: string, text: string, known: readonly T[]): T[] {
  const ids = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const unknown = ids.filter((id) => !(known as readonly string[]).includes(id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new UsageError(`bench: ${option} "${unknown[0] ?? text}" is not one of ${known.join(', ')}`);
  }
  return [...new Set(ids)] as T[];
}

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

function byteSize(option: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(text.trim());
  const factor = match ? UNITS[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || factor === undefined || Number(match[1]) === 0)
    throw new UsageError(`bench: ${option} expects a size such as 256m or 1g, got "${text}"`);
  return Math.round(Number(match[1]) * factor);
}
