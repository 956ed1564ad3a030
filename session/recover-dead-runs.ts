/**
 * Cleaning up after a run whose agent died (SIGKILL, OOM killer, power loss), on the next start
 * of any command that takes the project: its surviving orchestrator processes are stopped (only
 * those carrying its execution id), the containers it created are removed the way `down` removes
 * them (by etl-cycle's labels, this project's and this execution's only; volumes kept), its
 * ledger row and its report say `interrupted`. One warning line per run says what was done.
 */
import { hostname } from 'node:os';
import { readFile } from 'node:fs/promises';
import { interruptedReport, writeReport } from '../agent/report.js';
import type { RunReport } from '../agent/report.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { openStack } from '../docker/open-stack.js';
import type { StackOperations } from '../docker/types.js';
import type { HistoryStore } from '../history/store/history-store.js';
import { stopOrphanedProcesses } from '../process/stop-orphaned-processes.js';
import type { Project } from '../project/open-project.js';
import type { DeadRun } from './find-dead-runs.js';

/** Every process the agent starts inherits this variable (agent/phases/orchestrate-phase.ts): how a dead run's processes are recognized. */
const EXECUTION_VARIABLE = 'ETL_CYCLE_EXECUTION_ID';

export interface RecoverOptions {
  project: Project;
  store: HistoryStore | undefined;
  /** The command that found them ("run", "history"...), for the diagnosis. */
  command: string;
  warn: (message: string) => void;
  logger: Logger;
}

export async function recoverDeadRuns(runs: readonly DeadRun[], options: RecoverOptions): Promise<void> {
  let stack: Promise<StackOperations> | undefined;
  const { config, model } = options.project;
  // The engine the project's runs use (DOCKER_HOST, the docker context, docker.mode), as `down` opens it.
  const connect = async (): Promise<StackOperations> =>
    (
      await openStack({
        project: model,
        executionId: 'sweep',
        extraLabels: config.docker.labels,
        logger: options.logger,
        mode: config.docker.mode,
        probe: config.readiness.probe,
      })
    ).stack;
  for (const run of runs) {
    const done: string[] = [];
    const left: string[] = [];
    const local = run.host === hostname();
    if (local) {
      const sweep = await stopOrphanedProcesses({
        variable: EXECUTION_VARIABLE,
        value: run.executionId,
        recordedPgid: run.orchestratorPgid,
        graceMs: options.project.config.orchestrator.killGraceMs,
      }).catch((error: unknown) => {
        left.push(`could not look for its processes (${errorMessage(error)})`);
        return undefined;
      });
      if (sweep?.stopped.length) done.push(`stopped its surviving process group(s) ${sweep.stopped.join(', ')}`);
      if (sweep?.unverified) left.push(`process group ${sweep.unverified} may still run (cannot check it on ${process.platform})`);
      if (options.project.model.services.length > 0) {
        try {
          const result = await (
            await (stack ??= connect())
          ).cleanup({ removeVolumes: false, removeOrphans: true, onlyExecution: run.executionId });
          const containers = result.removed.filter((r) => r.kind === 'container').length;
          if (containers > 0) done.push(`removed its ${containers} container(s)`);
        } catch (error) {
          stack = undefined;
          left.push(`could not remove its containers (${errorMessage(error)}; run \`etl-cycle down\`)`);
        }
      }
    } else {
      left.push(`its processes and containers are on host ${run.host}`);
    }
    const diagnosis = `the agent (pid ${run.pid ?? '?'} on host ${run.host}) died before the run ended (SIGKILL, crash or power loss); found by etl-cycle ${options.command} at ${new Date().toISOString()}`;
    if (options.store) {
      try {
        await options.store.markInterrupted([run.executionId], () => run.lastSeen.getTime(), diagnosis);
      } catch (error) {
        left.push(`ledger not updated (${errorMessage(error)})`);
      }
    }
    if (run.reportFile) await finishReport(run.reportFile, run.lastSeen, diagnosis, left);
    const started = run.startedAt ? `, started ${run.startedAt}` : '';
    options.warn(
      `execution ${run.executionId} (pid ${run.pid ?? '?'} on host ${run.host}${started}) died without finishing: marked interrupted` +
        (done.length ? `; ${done.join('; ')}` : '') +
        (left.length ? `; ${left.join('; ')}` : ''),
    );
  }
}

async function finishReport(file: string, lastSeen: Date, diagnosis: string, left: string[]): Promise<void> {
  try {
    const report = JSON.parse(await readFile(file, 'utf8')) as RunReport;
    if (report.status !== 'running') return;
    await writeReport(interruptedReport(report, lastSeen, diagnosis));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    left.push(`report ${file} not updated (${errorMessage(error)})`);
  }
}
