/**
 * What `etl-cycle serve` does: checks who may reach it (a token for any address but the
 * loopback), opens the project and its ledger, starts the HTTP server and answers until
 * SIGINT/SIGTERM. Loaded lazily by cli/commands/serve.ts.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { cronProblem } from '../../core/cron.js';
import { errorMessage, EXIT_SUCCESS, UsageError } from '../../core/errors.js';
import { listGaps } from '../../history/gaps.js';
import { readLockHolder } from '../../history/lock/project-lock.js';
import type { HistoryStore } from '../../history/store/history-store.js';
import type { Project } from '../../project/open-project.js';
import { startScheduler } from '../../schedule/scheduler.js';
import type { Scheduler } from '../../schedule/scheduler.js';
import { scheduleLedgerHooks } from '../schedule/ledger-schedule.js';
import { selfCommand } from '../../core/package-info.js';
import { taskListJson, workflowListJson } from '../../orchestrator/format-definitions.js';
import { openProject } from '../../project/open-project.js';
import { isLoopback } from '../../serve/access-policy.js';
import { ChildRunLauncher } from '../../serve/run-launcher.js';
import { buildServer } from '../../serve/server.js';
import type { ServeArgs } from '../commands/serve.js';
import { openLedgerForReading } from '../../session/open-ledger.js';
import { sweepBeforeReading } from '../../session/project-session.js';
import { readVersion } from '../version.js';
import { QUIET_LOGGER } from '../../core/quiet-logger.js';

/** The token: --token-file wins over ETL_CYCLE_TOKEN; undefined when neither is set. */
export async function readServeToken(tokenFile: string | undefined, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (tokenFile !== undefined) {
    let text: string;
    try {
      text = await readFile(tokenFile, 'utf8');
    } catch (error) {
      throw new UsageError(
        `--token-file ${tokenFile}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); name a readable file holding the token`,
      );
    }
    const token = text.trim();
    if (!token) throw new UsageError(`--token-file ${tokenFile}: the file is empty; put the token in it`);
    return token;
  }
  const token = env.ETL_CYCLE_TOKEN?.trim();
  return token ? token : undefined;
}

export async function serve(args: ServeArgs): Promise<number> {
  const cron = args.schedule;
  if (cron !== undefined) {
    const problem = cronProblem(cron, args.timezone);
    if (problem) throw new UsageError(`--schedule ${JSON.stringify(cron)}: ${problem}`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535)
    throw new UsageError(`--port ${JSON.stringify(args.port)}: expected a port number from 0 to 65535`);
  const token = await readServeToken(args.tokenFile, process.env);
  if (!isLoopback(args.host) && token === undefined) {
    throw new UsageError(
      `--host ${args.host}: serving on an address other than 127.0.0.1 needs a token; set ETL_CYCLE_TOKEN or pass --token-file <file>`,
    );
  }
  const warn = (message: string) => process.stderr.write(`etl-cycle: warning: ${message}\n`);
  const cwd = process.cwd();
  const project = await openProject({ cwd, configPath: args.config, onWarning: warn });
  const { config } = project;
  const store = await openLedgerForReading(config);
  try {
    await sweepBeforeReading(project, store, 'serve', warn, QUIET_LOGGER);
    const launcher = new ChildRunLauncher({
      command: selfCommand(),
      cwd,
      ...(args.config === undefined ? {} : { configPath: resolve(cwd, args.config) }),
      stateDir: project.paths.stateDir,
      logsDir: config.logs.dir,
      env: process.env,
    });
    const gaps = (name: string) => listGaps(store, name);
    const app = await buildServer({
      project: project.name,
      store,
      maxAgeMs: config.health.maxAgeMs,
      logsDir: config.logs.dir,
      catalog: { tasks: taskListJson(config.tasks), workflows: workflowListJson(config.workflows, config.tasks) },
      launcher,
      ...(token === undefined ? {} : { token }),
      version: readVersion(),
      countGaps: async (name) => (await gaps(name)).length,
      listGaps: gaps,
    });
    try {
      await app.listen({ host: args.host, port: args.port });
    } catch (error) {
      await app.close();
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        `--host ${args.host} --port ${args.port}: cannot listen (${code ?? (error as Error).message}); pick a free port or another address`,
      );
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : args.port;
    const host = args.host.includes(':') ? `[${args.host}]` : args.host;
    process.stderr.write(
      `etl-cycle serve: project ${project.name} on http://${host}:${port}/ (history: ${store.display}${token ? '; API token required' : ''}); Ctrl-C stops it\n`,
    );
    const scheduler = await startProjectSchedule({ args, project, store, launcher, warn });
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    scheduler?.stop();
    await app.close();
    return EXIT_SUCCESS;
  } finally {
    await store.close();
  }
}

/**
 * `--schedule` (or schedule.cron): a run per tick through the same launcher as POST /api/runs,
 * with trigger `schedule`; never two at once — a tick while any run of the project goes on is
 * recorded as skipped; schedule.catch_up runs once on start for a tick missed while down.
 */
async function startProjectSchedule(context: {
  args: ServeArgs;
  project: Project;
  store: HistoryStore;
  launcher: ChildRunLauncher;
  warn: (message: string) => void;
}): Promise<Scheduler | undefined> {
  const { args, project, store, launcher, warn } = context;
  const settings = project.config.schedule;
  const cron = args.schedule ?? settings.cron;
  if (cron === undefined) return undefined;
  const timezone = args.timezone ?? settings.timezone;
  const hooks = scheduleLedgerHooks(store, project.name);
  const record = (...a: Parameters<typeof hooks.recordTick>) =>
    hooks.recordTick(...a).catch((error: unknown) => warn(`schedule: tick not recorded (${errorMessage(error)})`));
  const scheduler = startScheduler({
    cron,
    ...(timezone === undefined ? {} : { timezone }),
    catchUp: settings.catchUp,
    lastTickAt: hooks.lastTickAt,
    isRunning: async () => (await readLockHolder(project.paths.stateDir))?.alive === true,
    startRun: async (tick) => {
      const outcome = await launcher.start({ trigger: 'schedule' });
      if (outcome.kind === 'busy') return record(tick, 'skipped', { reason: 'a run is going on' });
      if (outcome.kind !== 'started') throw new Error(outcome.message);
      await record(tick, tick.catchUp ? 'caught_up' : 'started', { executionId: outcome.id });
      await outcome.exited;
    },
    onSkipped: (tick, reason) => record(tick, 'skipped', { reason }),
    onError: (error) => warn(`schedule: the run could not start (${errorMessage(error)})`),
  });
  await scheduler.ready;
  const next = scheduler.nextRun();
  process.stderr.write(
    `etl-cycle serve: runs on "${cron}"${timezone ? ` (${timezone})` : ''}; next ${next ? next.toISOString() : 'never'}\n`,
  );
  return scheduler;
}
