/**
 * What `etl-cycle down` does: remove everything the agent created for this project, selected
 * by label, never by name. Loaded lazily by cli/commands/down.ts.
 */
import { createLogger } from '../../core/logger.js';
import { openStack } from '../../docker/open-stack.js';
import { openProject } from '../../project/open-project.js';
import type { DownArgs } from '../commands/down.js';
import { engineSelection } from '../options.js';

export async function down(args: DownArgs): Promise<void> {
  const logger = createLogger({ consoleLevel: args.debug ? 'debug' : 'warn' });
  const { config, model: project } = await openProject({ cwd: process.cwd(), configPath: args.config, onWarning: (w) => logger.warn(w) });
  if (project.services.length === 0 && config.compose === false) {
    process.stderr.write(`project ${project.name} has no Compose file: nothing to remove\n`);
    return;
  }
  const { stack } = await openStack({
    project,
    executionId: 'down',
    extraLabels: config.docker.labels,
    logger,
    engine: engineSelection(args),
    mode: config.docker.mode,
    probe: config.readiness.probe,
  });
  const result = await stack.down({ removeVolumes: !args.keepVolumes });
  const byKind = (kind: string) => result.removed.filter((r) => r.kind === kind).map((r) => r.name);
  const kinds = ['service', 'container', 'network', 'volume', 'config', 'secret'] as const;
  // Swarm-only kinds are named only when there were some.
  const parts = kinds
    .filter((k) => byKind(k).length > 0 || ['container', 'network', 'volume'].includes(k))
    .map((k) => `${byKind(k).length} ${k}(s)`);
  process.stderr.write(`project ${project.name}: removed ${parts.join(', ')}\n`);
  for (const r of result.removed) process.stderr.write(`  - ${r.kind} ${r.name}\n`);
}
