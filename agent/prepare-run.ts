/**
 * Builds what a run needs before the first iteration from an opened project (project/): an
 * engine connection (only when there are services), the stack, the pattern catalogue and the
 * orchestrator command. Everything the user wrote was checked when the project was opened, so a
 * bad name fails in a second, not after a rebuild.
 *
 * The independent parts start together — the engine (loading its client, then a ping), the
 * catalogue (reading and compiling the packs), the git module for the first snapshot — so the
 * first phase waits for the slowest of them, not for their sum. The built-in catalogue is not
 * even loaded yet: nothing is classified before the orchestrator runs, so it loads and compiles
 * while the first rebuild waits on the engine (rebuild-phase.ts starts it). A user's packs or
 * `disable` list are loaded now, so a mistake in them fails before anything runs. What a run
 * does not use is not loaded at all: no engine client without services, no git without git.mode.
 */
import { ConfigError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { EtlCycleConfig } from '../config/types.js';
import type { EngineSelection, OpenedStack } from '../docker/open-stack.js';
import type { LearnedDeadlines } from '../history/learned-deadlines.js';
import type { Catalogue } from '../patterns/types.js';
import type { Project } from '../project/open-project.js';
import { createNoStack } from './no-stack.js';
import { safeObserver } from './observer.js';
import type { AgentObserver } from './observer.js';
import type { BuiltinOrchestrator } from './builtin-orchestrator.js';
import type { OrchestratorRunner, RunEnvironment } from './run-environment.js';
import { serviceFactsOf } from './service-facts.js';
import { StackWitness } from './stack-witness.js';

export interface PrepareRunOptions {
  project: Project;
  executionId: string;
  logger: Logger;
  observer?: AgentObserver;
  ci: boolean;
  maxIterations?: number;
  /** Runs orchestrator.workflow inside this process (session/builtin-orchestrator.ts builds it): needed for a workflow. */
  builtinOrchestrator?: BuiltinOrchestrator;
  /** Deadlines learned from the run history, for the first iteration. */
  learnedDeadlines?: LearnedDeadlines;
  /** `--engine`, `--allow-plaintext-engine`; default: the docker CLI's environment. */
  engine?: EngineSelection;
  /** Warnings about the engine and what the stack mode ignores. */
  onWarning?: (message: string) => void;
}

export async function prepareRun(options: PrepareRunOptions): Promise<RunEnvironment> {
  const { logger } = options;
  const { config, model: project } = options.project;
  await checkGitRequired(config);
  const observer = safeObserver(options.observer, (error) => logger.debug('progress renderer failed', { error: String(error) }));
  let loading: Promise<Catalogue> | undefined;
  const catalogue = (): Promise<Catalogue> =>
    (loading ??= import('../patterns/load-catalogue.js').then((m) =>
      m.loadCatalogue({ packs: config.patterns.packs, disable: config.patterns.disable }),
    ));
  const userPatterns = config.patterns.packs.length > 0 || config.patterns.disable.length > 0;
  const [opened] = await Promise.all([
    project.services.length > 0
      ? // The engine client (dockerode) is loaded only for a project with services.
        import('../docker/open-stack.js').then(({ openStack }): Promise<OpenedStack> =>
          openStack({
            project,
            executionId: options.executionId,
            extraLabels: config.docker.labels,
            logger,
            engine: options.engine,
            mode: config.docker.mode,
            probe: config.readiness.probe,
            probeImage: config.readiness.probeImage,
            onWarning: options.onWarning,
          }),
        )
      : undefined,
    userPatterns ? catalogue() : undefined,
    // Warmed now, used by the first snapshot.
    config.git.mode === 'off' ? undefined : import('../git/snapshot.js'),
  ]);
  const stack = opened?.stack ?? createNoStack(project);
  const orchestrator = orchestratorRunner(config.orchestrator, options.builtinOrchestrator);
  return {
    config,
    executionId: options.executionId,
    project: project.name,
    stack,
    ...(opened ? { engine: opened.engine } : {}),
    services: serviceFactsOf(project),
    catalogue,
    logger,
    observer,
    orchestrator,
    ci: options.ci,
    maxIterations: options.maxIterations ?? config.loop.maxIterations,
    learnedDeadlines: options.learnedDeadlines,
    notices: new Set(),
    stackWitness: new StackWitness(),
  };
}

/**
 * `git.required: true` outside a repository is a setting that cannot hold: say so before the
 * first iteration (exit 2), not as the first iteration's failure.
 */
async function checkGitRequired(config: Project['config']): Promise<void> {
  if (!config.git.required || config.git.mode === 'off') return;
  // Loaded only here: a run that does not require git does not load git (and simple-git) at start.
  const { locateRepository } = await import('../git/locate-repository.js');
  const where = config.file ?? 'etl-cycle.yaml';
  const located = await locateRepository(config.dir).catch((error: unknown) => ({ kind: 'failed' as const, reason: errorMessage(error) }));
  if (located.kind === 'repository') return;
  throw new ConfigError(
    `${where}: git.required: ${located.reason}; run etl-cycle inside the git repository, or set git.required: false (or git.mode: off)`,
  );
}

function orchestratorRunner(settings: EtlCycleConfig['orchestrator'], builtin: BuiltinOrchestrator | undefined): OrchestratorRunner {
  if (settings.workflow === undefined) return { kind: 'command', command: settings.command! };
  // A caller's bug, not the user's: every entry point (cli/, api/) builds one.
  if (!builtin) throw new Error(`orchestrator.workflow ${settings.workflow}: prepareRun was given no builtinOrchestrator`);
  return { kind: 'builtin', workflow: settings.workflow, run: builtin };
}
