/**
 * What `etl-cycle history | show | stats` and `history prune | export | import` do: read (or
 * move) the project's run ledger. Loaded lazily by cli/commands/history.ts. Each first finishes
 * any run a dead process left `running` (sweepBeforeReading), so what they print is true.
 */
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { parseAge } from '../../core/duration.js';
import { UsageError } from '../../core/errors.js';
import { EXECUTION_ID_PATTERN } from '../../core/execution-id.js';
import { formatExecution, formatExecutionList } from '../../history/format-history.js';
import { formatStats } from '../../history/format-stats.js';
import {
  detailFromJson,
  detailToJson,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  statsToJson,
  summaryToJson,
  windowRunFromJson,
  windowRunToJson,
} from '../../history/json.js';
import { computeStats } from '../../history/stats.js';
import type { Logger } from '../../core/logger.js';
import type { HistoryStore } from '../../history/store/history-store.js';
import type { ExecutionState } from '../../history/types.js';
import { openProject } from '../../project/open-project.js';
import type { Project } from '../../project/open-project.js';
import type { ExportArgs, HistoryListArgs, ImportArgs, PruneArgs, ShowArgs, StatsArgs } from '../commands/history.js';
import type { GlobalArgs } from '../options.js';
import { openLedgerForReading } from '../../session/open-ledger.js';
import { sweepBeforeReading } from '../../session/project-session.js';
import { QUIET_LOGGER } from '../../core/quiet-logger.js';

/** Executions written per transaction by `history import`: one commit per batch, not per execution. */
const IMPORT_BATCH = 500;

async function withLedger<T>(args: GlobalArgs, command: string, work: (store: HistoryStore, project: Project) => Promise<T>): Promise<T> {
  // winston is loaded only with --debug: reading the history should start as fast as --help.
  const logger: Logger = args.debug ? (await import('../../core/logger.js')).createLogger({ consoleLevel: 'debug' }) : QUIET_LOGGER;
  const warn = (message: string) => process.stderr.write(`etl-cycle: warning: ${message}\n`);
  try {
    const project = await openProject({ cwd: process.cwd(), configPath: args.config, onWarning: warn });
    const store = await openLedgerForReading(project.config);
    try {
      await sweepBeforeReading(project, store, command, warn, logger);
      return await work(store, project);
    } finally {
      await store.close();
    }
  } finally {
    await logger.close();
  }
}

function ageOption(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseAge(text);
  if (ms === undefined) throw new UsageError(`${option} ${JSON.stringify(text)}: expected an age such as 7d, 12h or 30m`);
  return ms;
}

export async function listHistory(args: HistoryListArgs): Promise<string> {
  if (!Number.isInteger(args.limit) || args.limit < 1)
    throw new UsageError(`--limit ${JSON.stringify(args.limit)}: expected a whole number of at least 1`);
  const sinceMs = ageOption('--since', args.since);
  return withLedger(args, 'history', async (store, project) => {
    const now = Date.now();
    const rows = await store.list({
      project: project.name,
      limit: args.limit,
      state: args.state as ExecutionState | undefined,
      since: sinceMs === undefined ? undefined : now - sinceMs,
    });
    return args.json ? `${JSON.stringify(rows.map(summaryToJson), null, 2)}\n` : formatExecutionList(rows, now);
  });
}

export async function showExecution(args: ShowArgs): Promise<string> {
  if (args.execution !== 'latest' && !EXECUTION_ID_PATTERN.test(args.execution)) {
    throw new UsageError(
      `${JSON.stringify(args.execution)}: not an execution id (they look like 20260101_120000_ab12; \`etl-cycle history\` lists them), or latest`,
    );
  }
  return withLedger(args, 'show', async (store, project) => {
    const detail = await store.get(project.name, args.execution);
    if (!detail || detail.project !== project.name) {
      throw new UsageError(
        args.execution === 'latest'
          ? `no execution of project ${project.name} is recorded in ${store.display} yet`
          : `no execution ${args.execution} of project ${project.name} in ${store.display} (\`etl-cycle history\` lists them)`,
      );
    }
    return args.json ? `${JSON.stringify(detailToJson(detail), null, 2)}\n` : formatExecution(detail, Date.now());
  });
}

export async function historyStats(args: StatsArgs): Promise<string> {
  const sinceMs = ageOption('--since', args.since);
  return withLedger(args, 'stats', async (store, project) => {
    const since = sinceMs === undefined ? undefined : Date.now() - sinceMs;
    const stats = computeStats(await store.statsInput(project.name, since));
    return args.json
      ? `${JSON.stringify(statsToJson(stats, { project: project.name, store: store.display }), null, 2)}\n`
      : formatStats(stats, { project: project.name, window: args.since ? `last ${args.since}` : 'all time', store: store.display });
  });
}

export async function pruneHistory(args: PruneArgs): Promise<string> {
  const olderThan = ageOption('--older-than', args.olderThan)!;
  return withLedger(args, 'history prune', async (store, project) => {
    const removed = await store.prune(project.name, Date.now() - olderThan);
    const windows = removed.windowRuns > 0 ? ` and ${removed.windowRuns} run(s) of loaded windows` : '';
    return `project ${project.name}: removed ${removed.executions} execution(s)${windows} started more than ${args.olderThan} ago from ${store.display} (gaps are kept)\n`;
  });
}

export async function exportHistory(args: ExportArgs, out: NodeJS.WritableStream): Promise<void> {
  await withLedger(args, 'history export', async (store, project) => {
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, 'drain');
    };
    await write(
      `{"format":${JSON.stringify(EXPORT_FORMAT)},"version":${EXPORT_VERSION},"exported_at":${JSON.stringify(new Date().toISOString())},"executions":[`,
    );
    let first = true;
    for await (const detail of store.exportExecutions(args.allProjects ? undefined : project.name)) {
      await write(`${first ? '\n' : ',\n'}${JSON.stringify(detailToJson(detail))}`);
      first = false;
    }
    // The data windows go with the executions, so a ledger moved elsewhere keeps its gaps
    // (docs/data.md): without them the next full run would not know what to recover.
    const windows = await store.exportWindowRuns(args.allProjects ? undefined : project.name);
    await write(`\n],"windows":[${windows.map((w) => `\n${JSON.stringify(windowRunToJson(w))}`).join(',')}\n]}\n`);
  });
}

export async function importHistory(args: ImportArgs): Promise<string> {
  const source = args.file === '-' ? 'stdin' : args.file;
  let text: string;
  try {
    text = args.file === '-' ? await readStdin() : await readFile(args.file, 'utf8');
  } catch (error) {
    throw new UsageError(`${source}: cannot read it (${(error as Error).message})`);
  }
  let document: { format?: unknown; version?: unknown; executions?: unknown; windows?: unknown };
  try {
    document = JSON.parse(text) as typeof document;
  } catch (error) {
    throw new UsageError(`${source}: not JSON (${(error as Error).message}); expected the output of etl-cycle history export`);
  }
  if (document?.format !== EXPORT_FORMAT || !Array.isArray(document.executions)) {
    throw new UsageError(`${source}: not an etl-cycle history export (no "format": "${EXPORT_FORMAT}" with "executions")`);
  }
  if (typeof document.version !== 'number' || document.version > EXPORT_VERSION) {
    throw new UsageError(
      `${source}: export version ${String(document.version)} is newer than this etl-cycle reads (${EXPORT_VERSION}); upgrade etl-cycle`,
    );
  }
  const all = document.executions.map((value, index) => detailFromJson(value, `${source}: execution ${index + 1}`));
  // A run still going where it was exported has no end here, and no process here that could
  // give it one: imported, it would read as running for ever (or be swept as interrupted by a
  // machine that never ran it). It is left out; a later export, once it has ended, brings it.
  const details = all.filter((detail) => detail.state !== 'running');
  // Exports written before window runs were exported have no "windows".
  if (document.windows !== undefined && !Array.isArray(document.windows)) throw new UsageError(`${source}: "windows" is not a list`);
  const allWindows = (document.windows ?? []).map((value, index) => windowRunFromJson(value, `${source}: window run ${index + 1}`));
  // The same for a window run still going: it would block its window for ever.
  const windows = allWindows.filter((run) => run.state !== 'running');
  const running = all.length - details.length + allWindows.length - windows.length;
  return withLedger(args, 'history import', async (store) => {
    let added = 0;
    for (let i = 0; i < details.length; i += IMPORT_BATCH) added += await store.importExecutions(details.slice(i, i + IMPORT_BATCH));
    let addedWindows = 0;
    for (let i = 0; i < windows.length; i += IMPORT_BATCH) addedWindows += await store.importWindowRuns(windows.slice(i, i + IMPORT_BATCH));
    const windowPart = windows.length > 0 ? ` and ${addedWindows} window run(s) (${windows.length - addedWindows} already there)` : '';
    const skipped = running > 0 ? `; ${running} still running where exported, left out (export again once they end)` : '';
    return `imported ${added} execution(s)${windowPart} into ${store.display}; ${details.length - added} execution(s) already there${skipped}\n`;
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
