/**
 * The run ledger on the command line (implementations in cli/actions/history.ts, loaded only
 * when one of these runs):
 *   history [--limit N] [--state S] [--since 7d] [--json]   the executions, newest first
 *   history prune --older-than 90d                          delete old executions
 *   history export [--json] [--all-projects]                every execution as JSON, to move a history
 *   history import <file|->                                 executions exported from another store
 *   show <execution-id|latest> [--json]                     one execution, iteration by iteration
 *   stats [--since 30d] [--json]                            success rate, time to green, flakiness, classes, tasks
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface HistoryListArgs extends GlobalArgs {
  limit: number;
  state?: string;
  since?: string;
  json: boolean;
}

export interface PruneArgs extends GlobalArgs {
  olderThan: string;
}

export interface ExportArgs extends GlobalArgs {
  json: boolean;
  allProjects: boolean;
}

export interface ImportArgs extends GlobalArgs {
  file: string;
}

export interface ShowArgs extends GlobalArgs {
  execution: string;
  json: boolean;
}

export interface StatsArgs extends GlobalArgs {
  since?: string;
  json: boolean;
}

const STATES = ['running', 'success', 'failed', 'aborted', 'interrupted'];

const pruneCommand: CommandModule<GlobalArgs, PruneArgs> = {
  command: 'prune',
  describe: 'Delete the executions started before a given age (history.retention does it after every run)',
  builder: (y: Argv<GlobalArgs>) =>
    y.option('older-than', {
      type: 'string',
      demandOption: true,
      describe: 'An age such as 90d, 12w or 720h',
    }) as unknown as Argv<PruneArgs>,
  handler: async (args: ArgumentsCamelCase<PruneArgs>) => {
    const { pruneHistory } = await import('../actions/history.js');
    process.stderr.write(await pruneHistory(args));
  },
};

const exportCommand: CommandModule<GlobalArgs, ExportArgs> = {
  command: 'export',
  describe: 'Print every execution of this project (with iterations, matches and task runs) as JSON, for `history import` elsewhere',
  builder: (y: Argv<GlobalArgs>) =>
    y.option('json', { type: 'boolean', default: true, describe: 'JSON (the only format)' }).option('all-projects', {
      type: 'boolean',
      default: false,
      describe: 'Every project in the store, not only this one',
    }) as unknown as Argv<ExportArgs>,
  handler: async (args: ArgumentsCamelCase<ExportArgs>) => {
    const { exportHistory } = await import('../actions/history.js');
    await exportHistory(args, process.stdout);
  },
};

const importCommand: CommandModule<GlobalArgs, ImportArgs> = {
  command: 'import <file>',
  describe: 'Add the executions of a `history export` file (- reads stdin); those already here are skipped',
  builder: (y: Argv<GlobalArgs>) =>
    y.positional('file', {
      type: 'string',
      demandOption: true,
      describe: 'The export file, or - for stdin',
    }) as unknown as Argv<ImportArgs>,
  handler: async (args: ArgumentsCamelCase<ImportArgs>) => {
    const { importHistory } = await import('../actions/history.js');
    process.stderr.write(await importHistory(args));
  },
};

export const historyCommand: CommandModule<GlobalArgs, HistoryListArgs> = {
  command: 'history',
  describe: 'The recorded runs of this project, newest first (and prune, export, import)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .command(pruneCommand)
      .command(exportCommand)
      .command(importCommand)
      .option('limit', { alias: 'n', type: 'number', default: 20, describe: 'At most this many executions' })
      .option('state', { type: 'string', choices: STATES, describe: 'Only executions in this state' })
      .option('since', { type: 'string', describe: 'Only executions started within this age, e.g. 7d, 12h' })
      .option('json', { type: 'boolean', default: false, describe: 'Print them as JSON' }) as unknown as Argv<HistoryListArgs>,
  handler: async (args: ArgumentsCamelCase<HistoryListArgs>) => {
    const { listHistory } = await import('../actions/history.js');
    process.stdout.write(await listHistory(args));
  },
};

export const showCommand: CommandModule<GlobalArgs, ShowArgs> = {
  command: 'show <execution>',
  describe: 'One recorded run: its iterations with classes, matched lines, adjustments and phase times; its task runs',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('execution', { type: 'string', demandOption: true, describe: 'An execution id, or latest' })
      .option('json', { type: 'boolean', default: false, describe: 'Print it as JSON' }) as unknown as Argv<ShowArgs>,
  handler: async (args: ArgumentsCamelCase<ShowArgs>) => {
    const { showExecution } = await import('../actions/history.js');
    process.stdout.write(await showExecution(args));
  },
};

export const statsCommand: CommandModule<GlobalArgs, StatsArgs> = {
  command: 'stats',
  describe: 'Success rate, time and iterations to green, flakiness, top failure classes, per-task failure rates and durations',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('since', { type: 'string', default: '30d', describe: 'The window, an age such as 30d or 12w' })
      .option('json', { type: 'boolean', default: false, describe: 'Print them as JSON' }) as unknown as Argv<StatsArgs>,
  handler: async (args: ArgumentsCamelCase<StatsArgs>) => {
    const { historyStats } = await import('../actions/history.js');
    process.stdout.write(await historyStats(args));
  },
};
