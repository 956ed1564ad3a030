/**
 * The normalized configuration the rest of etl-cycle works with: camelCase, absolute paths,
 * durations in milliseconds, sizes in bytes, defaults filled in.
 */
import type { ErrorClassId } from '../core/error-classes.js';
import type { ReadinessWait } from './schema.js';

export type { ReadinessWait } from './schema.js';

export interface BackoffSettings { initialMs: number; factor: number; maxMs: number; jitter: number }

export type ValidationCheck =
  | { type: 'command'; name: string; command: string[] | string; cwd: string; env: Record<string, string>; timeoutMs: number }
  | { type: 'file_exists'; name: string; path: string; nonEmpty: boolean }
  | { type: 'exec'; name: string; service: string; command: string[]; expectOutput?: string; timeoutMs: number }
  | { type: 'output_clean'; name: string };

export interface EtlCycleConfig {
  /** Absolute path of the config file (undefined when built from flags alone). */
  file?: string;
  /** Folder relative paths are resolved against. */
  dir: string;
  project?: string;
  /** false = no Compose file, only the orchestrator. `file` undefined = look for one in `dir`. */
  compose: false | { file?: string; envFiles: string[]; profiles: string[] };
  orchestrator: {
    command?: string[] | string;
    workflow?: string;
    cwd: string;
    env: Record<string, string>;
    timeoutMs: number;
    killGraceMs: number;
  };
  validations: ValidationCheck[];
  readiness: {
    timeoutMs: number;
    settleMs: number;
    services: Record<string, { wait?: ReadinessWait; timeoutMs?: number; settleMs?: number }>;
  };
  loop: { maxIterations: number; timeBudgetMs: number; backoff: BackoffSettings };
  adjustments: {
    growthFactor: number;
    readinessTimeoutMaxMs: number;
    orchestratorTimeoutMaxMs: number;
    settleMaxMs: number;
    memoryMaxBytes: number;
  };
  classes: Partial<Record<ErrorClassId, { retry?: boolean }>>;
  git: { mode: 'ref' | 'commit' | 'push' | 'off'; required: boolean; refPrefix: string; keepExecutions: number; remote?: string };
  logs: { dir: string };
  cleanup: { removeOrphans: boolean; onSuccess: 'keep' | 'remove'; onFailure: 'keep' | 'remove'; onAbort: 'keep' | 'remove' };
  docker: { labels: Record<string, string> };
  patterns: { packs: string[]; disable: string[] };
}
