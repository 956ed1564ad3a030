/**
 * Runs whose agent died without finishing (SIGKILL, OOM killer, power loss), from every place
 * that remembers a run: the dead holder's lock file, the ledger's `running` rows, and run
 * reports still saying `running`. Called while holding the project lock, which should keep every
 * live run of the project out — but a ledger shared between folders, or a PostgreSQL lock whose
 * connection dropped, can still hold a live run's row: an agent that still runs on this machine
 * (its pid alive, started no later than the run) is never taken for dead.
 */
import { open, readdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from '../agent/report.js';
import { isRunning, processStartedAt } from '../history/lock/process-identity.js';
import type { StaleLock } from '../history/lock/project-lock.js';
import type { HistoryStore } from '../history/store/history-store.js';

export interface DeadRun {
  executionId: string;
  host: string;
  pid: number | null;
  orchestratorPgid: number | null;
  reportFile: string | null;
  startedAt: string | null;
  /** The last sign of life: a heartbeat, the end of an iteration, or the start. */
  lastSeen: Date;
}

const REPORT_PREFIX = 'auto_cycle_report_';
/** The report's `status` sits in its first few hundred bytes; reading that much tells a running report from a finished one. */
const HEAD_BYTES = 2048;

export async function findDeadRuns(sources: {
  project: string;
  stale: StaleLock | undefined;
  store: HistoryStore | undefined;
  logsDir: string;
}): Promise<DeadRun[]> {
  const runs = new Map<string, DeadRun>();
  const add = (run: DeadRun) => {
    const known = runs.get(run.executionId);
    runs.set(
      run.executionId,
      known
        ? {
            ...known,
            orchestratorPgid: known.orchestratorPgid ?? run.orchestratorPgid,
            reportFile: known.reportFile ?? run.reportFile,
            pid: known.pid ?? run.pid,
            lastSeen: known.lastSeen > run.lastSeen ? known.lastSeen : run.lastSeen,
          }
        : run,
    );
  };

  const holder = sources.stale?.holder;
  if (holder && holder.command === 'run' && holder.executionId) {
    add({
      executionId: holder.executionId,
      host: holder.host,
      pid: holder.pid,
      orchestratorPgid: holder.orchestratorPgid,
      reportFile: holder.reportFile,
      startedAt: holder.startedAt,
      lastSeen: sources.stale!.lastSeen,
    });
  }

  if (sources.store) {
    for (const row of await sources.store.running(sources.project)) {
      const detail = await sources.store.get(sources.project, row.id);
      const lastIteration = detail?.iterationRows[detail.iterationRows.length - 1];
      add({
        executionId: row.id,
        host: row.host,
        pid: row.pid,
        orchestratorPgid: row.orchestratorPgid,
        reportFile: row.reportFile,
        startedAt: new Date(row.startedAt).toISOString(),
        lastSeen: new Date(lastIteration?.endedAt ?? row.startedAt),
      });
    }
  }

  for (const report of await runningReports(sources.logsDir, sources.project)) {
    const lastCycle = report.cycles[report.cycles.length - 1];
    add({
      executionId: report.execution_id,
      host: report.agent?.host ?? 'unknown',
      pid: report.agent?.pid ?? null,
      orchestratorPgid: null,
      reportFile: report.report_file,
      startedAt: report.start_time,
      lastSeen: new Date(lastCycle?.end_time ?? report.start_time),
    });
  }
  return [...runs.values()].filter((run) => !agentStillRuns(run)).sort((a, b) => a.executionId.localeCompare(b.executionId));
}

/** Slack between the agent's process start and the run's recorded start (the run starts after the process). */
const START_SLACK_MS = 5_000;

function agentStillRuns(run: DeadRun): boolean {
  if (run.host !== hostname() || run.pid === null || run.pid === process.pid) return false;
  if (!isRunning({ pid: run.pid, bootId: null, startTicks: null })) return false;
  const startedAt = processStartedAt(run.pid);
  const runStartedAt = run.startedAt === null ? Number.NaN : Date.parse(run.startedAt);
  // A process that started after the run cannot be its agent: the pid was reused.
  return startedAt === null || Number.isNaN(runStartedAt) || startedAt <= runStartedAt + START_SLACK_MS;
}

async function runningReports(logsDir: string, project: string): Promise<RunReport[]> {
  const names = (await readdir(logsDir).catch(() => [] as string[])).filter((n) => n.startsWith(REPORT_PREFIX) && n.endsWith('.json'));
  const found: RunReport[] = [];
  for (const name of names) {
    const path = join(logsDir, name);
    if (!(await headSaysRunning(path))) continue;
    const report = await readFile(path, 'utf8').then(
      (text) => JSON.parse(text) as RunReport,
      () => undefined,
    );
    if (report && report.status === 'running' && report.project === project && typeof report.execution_id === 'string') found.push(report);
  }
  return found;
}

async function headSaysRunning(path: string): Promise<boolean> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return false;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    return /"status":\s*"running"/.test(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await file.close();
  }
}
