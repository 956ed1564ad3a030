/**
 * `etl-cycle down`: remove everything the agent created for this project (containers, orphans
 * included, networks and, unless --keep-volumes, volumes) — selected by label, never by name.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { loadProject } from '../../agent/prepare-run.js';
import { findConfigFile, loadConfig } from '../../config/load-config.js';
import { createLogger } from '../../core/logger.js';
import { connectEngine } from '../../docker/engine/dockerode-client.js';
import { createStack } from '../../docker/stack/create-stack.js';
import type { GlobalArgs } from '../options.js';

interface DownArgs extends GlobalArgs { keepVolumes: boolean }

export const downCommand: CommandModule<GlobalArgs, DownArgs> = {
  command: 'down',
  describe: 'Remove the containers, networks and volumes etl-cycle created for this project',
  builder: (y: Argv<GlobalArgs>) => y.option('keep-volumes', { type: 'boolean', default: false, describe: 'Keep the data volumes' }) as unknown as Argv<DownArgs>,
  handler: async (args: ArgumentsCamelCase<DownArgs>) => {
    const config = await loadConfig(await findConfigFile(process.cwd(), args.config));
    const logger = createLogger({ consoleLevel: args.debug ? 'debug' : 'warn' });
    const project = await loadProject(config, (w) => logger.warn(w));
    if (project.services.length === 0 && config.compose === false) {
      process.stderr.write(`project ${project.name} has no Compose file: nothing to remove\n`);
      return;
    }
    const stack = createStack({ engine: await connectEngine({ logger }), project, executionId: 'down', extraLabels: config.docker.labels, logger });
    const result = await stack.down({ removeVolumes: !args.keepVolumes });
    const byKind = (kind: string) => result.removed.filter((r) => r.kind === kind).map((r) => r.name);
    const parts = (['container', 'network', 'volume'] as const).map((k) => `${byKind(k).length} ${k}(s)`);
    process.stderr.write(`project ${project.name}: removed ${parts.join(', ')}\n`);
    for (const r of result.removed) process.stderr.write(`  - ${r.kind} ${r.name}\n`);
  },
};
