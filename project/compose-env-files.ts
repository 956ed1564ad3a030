/**
 * The env files Compose interpolation reads, as etl-cycle.yaml means them: the project's `.env`
 * next to the Compose file (when there is one), then `compose.env_files` after it. (An empty
 * list must not reach the Compose loader as "explicitly no files": that would skip the `.env`.)
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EtlCycleConfig } from '../config/types.js';

export function composeEnvFiles(config: EtlCycleConfig, composeFile: string): string[] | undefined {
  if (config.compose === false || config.compose.envFiles.length === 0) return undefined;
  const projectEnv = join(dirname(composeFile), '.env');
  return [...(existsSync(projectEnv) ? [projectEnv] : []), ...config.compose.envFiles];
}
