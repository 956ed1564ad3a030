/**
 * Where a project's files go. Logs and reports under `logs.dir`; etl-cycle's own state (the run
 * history, the project lock) in `.etl-cycle/` next to etl-cycle.yaml, like `.git/` or `.terraform/`.
 */
import { join } from 'node:path';
import type { EtlCycleConfig } from '../config/types.js';

export interface ProjectPaths {
  /** The folder of etl-cycle.yaml; relative paths in it are relative to this. */
  dir: string;
  logsDir: string;
  /** etl-cycle's state folder (history, lock). */
  stateDir: string;
}

export const STATE_DIR_NAME = '.etl-cycle';

export function projectPaths(config: EtlCycleConfig): ProjectPaths {
  return { dir: config.dir, logsDir: config.logs.dir, stateDir: join(config.dir, STATE_DIR_NAME) };
}
