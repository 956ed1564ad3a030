/**
 * What `etl-cycle orchestrate` (and `orchestrate validate | status`) does. Loaded lazily by
 * cli/commands/orchestrate.ts. Exit codes: 0 every critical task succeeded, 1 otherwise,
 * 2 config/usage, 130/143 signals.
 */
import { resolve } from 'node:path';
import { openConfig, openProject } from '../../project/open-project.js';
import { protectSecrets } from '../../project/protect-secrets.js';
import { maskSecrets, processMasker } from '../../core/secret-masker.js';
import { addMaskCommands } from '../ci/github-add-mask.js';
import type { EtlCycleConfig } from '../../config/types.js';
import { UsageError } from '../../core/errors.js';
import { newExecutionId } from '../../core/execution-id.js';
import { createLogger } from '../../core/logger.js';
import type { Logger } from '../../core/logger.js';
import type { ProjectModel, StackOperations } from '../../docker/types.js';
import { checkTasks } from '../../orchestrator/check-tasks.js';
import { formatPlan } from '../../orchestrator/format-plan.js';
import { WINDOW_VARIABLES } from '../../core/agent-variables.js';
import { formatPreparedWindows, prepareWindows } from '../../session/windows/prepare-windows.js';
import { formatReport, formatReportList } from '../../orchestrator/format-status.js';
import { planExecution } from '../../orchestrator/plan-execution.js';
import { readOrchestratorEnv } from '../../orchestrator/read-orchestrator-env.js';
import { listReports, readReport } from '../../orchestrator/read-reports.js';
import type { OutputSink } from '../../orchestrator/types.js';
import type { Project } from '../../project/open-project.js';
import type { OrchestrateArgs, StatusArgs } from '../commands/orchestrate.js';
import { executeOrchestration } from '../../session/execute-orchestration.js';
import { beginProjectSession } from '../../session/project-session.js';
import { engineSelection } from '../options.js';
import type { GlobalArgs } from '../options.js';
import { wholeNumberFlag } from '../parse-overrides.js';
import { handleSignals } from '../signals.js';

async function loadWithProject(
  args: GlobalArgs,
  logger: Logger,
): Promise<{ config: EtlCycleConfig; project: ProjectModel; opened: Project }> {
  const opened = await openProject({ cwd: process.cwd(), configPath: args.config, onWarning: (w) => logger.warn(w) });
  checkTasks(opened.config, opened.model);
  return { config: opened.config, project: opened.model, opened };
}

export async function orchestrate(args: OrchestrateArgs): Promise<number> {
  const maxWorkers = args.maxWorkers === undefined ? undefined : wholeNumberFlag('--max-workers', args.maxWorkers, 1, 64);
  const logger = createLogger({ consoleLevel: args.debug ? 'debug' : 'warn' });
  const loaded = await loadWithProject(args, logger);
  const { project, opened } = loaded;
  // Task logs, the report and every line printed mask the project's secrets from here on.
  const secrets = await protectSecrets({ config: loaded.config, model: project }, process.env);
  // Under the agent (ETL_CYCLE=1) the agent has told the runner already, and reads this output.
  if (process.env.GITHUB_ACTIONS === 'true' && process.env.ETL_CYCLE !== '1') process.stderr.write(addMaskCommands(processMasker.values));
  secrets.warnings.forEach((w) => logger.warn(w));
  const env = readOrchestratorEnv(process.env);
  // Under the agent, reports and task logs go where the agent's logs go (its --log-dir included).
  const config = env.logsDir ? { ...loaded.config, logs: { ...loaded.config.logs, dir: resolve(env.logsDir) } } : loaded.config;
  const resumeFrom = args.resume === undefined ? undefined : await readReport(config.logs.dir, args.resume, '--resume');
  const plan = planExecution({
    config,
    // Without a selection, the workflow the agent runs (orchestrator.workflow), if there is one.
    selection:
      args.workflow === undefined && !args.tasks?.length && args.resume === undefined
        ? { workflow: config.orchestrator.workflow }
        : { workflow: args.workflow, tasks: args.tasks },
    flags: { parallel: args.parallel, maxWorkers, continueOnFailure: args.continueOnFailure },
    env,
    resumeFrom,
  });
  // The windows this orchestration runs: resolved only (dry run), or planned and closed under the lock.
  const windowsOf = (underLock: boolean) =>
    prepareWindows(
      { mode: args.mode, window: args.window },
      config,
      plan,
      project.name,
      env.parentExecutionId,
      (w) => logger.warn(w),
      underLock,
    );
  if (args.dryRun) {
    const windowed = await windowsOf(false);
    process.stdout.write(formatPlan(plan, windowed ? [WINDOW_VARIABLES.start, WINDOW_VARIABLES.end] : []));
    if (windowed) {
      process.stdout.write(formatPreparedWindows(windowed));
      await windowed.close();
    }
    const { preflight } = await import('../dry-run/preflight.js');
    const { printVerdict } = await import('./dry-run.js');
    // Run and http tasks need nothing but this machine; exec tasks need the engine (and their containers, started by `run`).
    const checks = await preflight(args, config, project, { services: false, engine: plan.tasks.some((t) => t.action.type === 'exec') });
    return printVerdict(checks, [], 'the orchestration could start');
  }

  const executionId = env.executionId ?? newExecutionId();
  let stack: Promise<StackOperations> | undefined;
  // The stack and the engine client (dockerode) are loaded with the first exec task: workflows of run and http tasks never need them.
  const connect = async (): Promise<StackOperations> =>
    (
      await (
        await import('../../docker/open-stack.js')
      ).openStack({
        project,
        executionId,
        extraLabels: config.docker.labels,
        logger,
        engine: engineSelection(args),
        mode: config.docker.mode,
        probe: config.readiness.probe,
      })
    ).stack;
  const sink: OutputSink = {
    write: (stream, line) => (stream === 'stdout' ? process.stdout : process.stderr).write(`${maskSecrets(line)}\n`),
  };
  // One etl-cycle per project: refused at once while a run (or another orchestrate) works on it;
  // a run's own orchestrator (orchestrator.workflow) works under the run's lock.
  const session = await beginProjectSession({
    project: opened,
    command: 'orchestrate',
    executionId,
    openStore: config.history.enabled,
    warn: (w) => logger.warn(w),
    logger,
  });
  const signals = handleSignals((signal) => `\netl-cycle: ${signal} again, exiting now; task processes may be left behind\n`);
  try {
    return await executeOrchestration({
      config,
      plan,
      project: project.name,
      executionId,
      env,
      windows: { mode: args.mode, window: args.window },
      processEnv: process.env,
      sink,
      signal: signals.signal,
      logger,
      // One connection for every exec task of the execution, made when the first one needs it.
      stack: () => (stack ??= connect()),
    });
  } finally {
    signals.dispose();
    await session.release();
    await logger.close();
  }
}

export async function validateTasks(args: GlobalArgs): Promise<string> {
  const logger = createLogger({ consoleLevel: args.debug ? 'debug' : 'warn' });
  const { config, project } = await loadWithProject(args, logger);
  const services = [...new Set(config.tasks.flatMap((task) => (task.action.type === 'exec' ? [task.action.service] : [])))];
  const parts = [
    `${config.tasks.length} task(s)`,
    `${config.workflows.length} workflow(s)`,
    ...(services.length ? [`exec tasks use service(s) ${services.join(', ')} of project ${project.name}`] : []),
    ...(config.orchestrator.workflow ? [`the agent runs workflow ${config.orchestrator.workflow}`] : []),
  ];
  return `${config.file ?? 'etl-cycle.yaml'}: ok — ${parts.join(', ')}\n`;
}

export async function orchestrationStatus(args: StatusArgs): Promise<string> {
  const config = await openConfig({ cwd: process.cwd(), configPath: args.config });
  if (args.executionId !== undefined || args.latest) {
    const report =
      args.executionId !== undefined
        ? await readReport(config.logs.dir, args.executionId, '--execution-id')
        : (await listReports(config.logs.dir))[0];
    if (!report) throw new UsageError(`--latest: no orchestration has run yet (reports go to ${config.logs.dir}/orchestrations)`);
    return args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report);
  }
  const reports = await listReports(config.logs.dir);
  return args.json ? `${JSON.stringify(reports, null, 2)}\n` : formatReportList(reports);
}
