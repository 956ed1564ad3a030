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
import type { Logger } from '../core/logger.js';
import { createStack } from '../docker/stack/create-stack.js';
import type { StackOperations } from '../docker/types.js';
import type { Catalogue } from '../patterns/types.js';
import type { Project } from '../project/open-project.js';
import { createNoStack } from './no-stack.js';
import { safeObserver } from './observer.js';
import type { AgentObserver } from './observer.js';
import type { RunEnvironment } from './run-environment.js';
import { serviceFactsOf } from './service-facts.js';

export interface PrepareRunOptions {
  project: Project;
  executionId: string;
  logger: Logger;
  observer?: AgentObserver;
  ci: boolean;
  maxIterations?: number;
  /** argv that runs etl-cycle itself (for `orchestrator.workflow`). */
  selfCommand: readonly string[];
}

export async function prepareRun(options: PrepareRunOptions): Promise<RunEnvironment> {
  const { logger } = options;
  const { config, model: project } = options.project;
  const observer = safeObserver(options.observer, (error) => logger.debug('progress renderer failed', { error: String(error) }));
  let loading: Promise<Catalogue> | undefined;
  const catalogue = (): Promise<Catalogue> =>
    (loading ??= import('../patterns/load-catalogue.js').then((m) =>
      m.loadCatalogue({ packs: config.patterns.packs, disable: config.patterns.disable }),
    ));
  const userPatterns = config.patterns.packs.length > 0 || config.patterns.disable.length > 0;
  const [engine] = await Promise.all([
    project.services.length > 0 ? import('../docker/engine/dockerode-client.js').then((m) => m.connectEngine({ logger })) : undefined,
    userPatterns ? catalogue() : undefined,
    // Warmed now, used by the first snapshot.
    config.git.mode === 'off' ? undefined : import('../git/snapshot.js'),
  ]);
  const stack: StackOperations = engine
    ? createStack({ engine, project, executionId: options.executionId, extraLabels: config.docker.labels, logger })
    : createNoStack(project);
  const orchestratorCommand =
    config.orchestrator.workflow !== undefined
      ? [
          ...options.selfCommand,
          'orchestrate',
          '--workflow',
          config.orchestrator.workflow,
          ...(config.file ? ['--config', config.file] : []),
        ]
      : config.orchestrator.command!;
  return {
    config,
    executionId: options.executionId,
    project: project.name,
    stack,
    services: serviceFactsOf(project),
    catalogue,
    logger,
    observer,
    orchestratorCommand,
    ci: options.ci,
    maxIterations: options.maxIterations ?? config.loop.maxIterations,
    notices: new Set(),
  };
}
