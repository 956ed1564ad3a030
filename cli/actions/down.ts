/**
 * What `etl-cycle down` does: remove everything the agent created for this project, selected
 * by label, never by name. Loaded lazily by cli/commands/down.ts.
 */
import { createLogger } from '../../core/logger.js';
import { openStack } from '../../docker/open-stack.js';
import { openProject } from '../../project/open-project.js';
import type { DownArgs } from '../commands/down.js';
import { beginProjectSession } from '../../session/project-session.js';
import { engineSelection } from '../options.js';

export async function down(args: DownArgs): Promise<void> {
  const logger = createLogger({ consoleLevel: args.debug ? 'debug' : 'warn' });
  const opened = await openProject({ cwd: process.cwd(), configPath: args.config, onWarning: (w) => logger.warn(w) });
  const { config, model: project } = opened;
  if (project.services.length === 0 && config.compose === false) {
    process.stderr.write(`project ${project.name} has no Compose file: nothing to remove\n`);
    return;
  }
  // Never tear down the containers of a run in progress: refused at once, naming it.
  const session = await beginProjectSession({
    project: opened,
    command: 'down',
    executionId: null,
    openStore: config.history.enabled,
    warn: (w) => logger.warn(w),
    logger,
  });
  let result;
  try {
    const { stack } = await openStack({
      project,
      executionId: 'down',
      extraLabels: config.docker.labels,
      logger,
      engine: engineSelection(args),
      mode: config.docker.mode,
      probe: config.readiness.probe,
    });
    result = await stack.down({ removeVolumes: !args.keepVolumes });
  } finally {
    await session.release();
  }
  const byKind = (kind: string) => result.removed.filter((r) => r.kind === kind).map((r) => r.name);
  const kinds = ['service', 'container', 'network', 'volume', 'config', 'secret'] as const;
  // Swarm-only kinds are named only when there were some.
  const parts = kinds
    .filter((k) => byKind(k).length > 0 || ['container', 'network', 'volume'].includes(k))
    .map((k) => `${byKind(k).length} ${k}(s)`);
  process.stderr.write(`project ${project.name}: removed ${parts.join(', ')}\n`);
  for (const r of result.removed) process.stderr.write(`  - ${r.kind} ${r.name}\n`);
}
