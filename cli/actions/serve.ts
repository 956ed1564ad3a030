/**
 * What `etl-cycle serve` does: checks who may reach it (a token for any address but the
 * loopback), opens the project and its ledger, starts the HTTP server and answers until
 * SIGINT/SIGTERM. Loaded lazily by cli/commands/serve.ts.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXIT_SUCCESS, UsageError } from '../../core/errors.js';
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
import type { Logger } from '../../core/logger.js';

const QUIET_LOGGER: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => QUIET_LOGGER,
  close: async () => undefined,
};

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
    const app = await buildServer({
      project: project.name,
      store,
      maxAgeMs: config.health.maxAgeMs,
      logsDir: config.logs.dir,
      catalog: { tasks: taskListJson(config.tasks), workflows: workflowListJson(config.workflows, config.tasks) },
      launcher,
      ...(token === undefined ? {} : { token }),
      version: readVersion(),
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
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await app.close();
    return EXIT_SUCCESS;
  } finally {
    await store.close();
  }
}
