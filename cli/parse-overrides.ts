/**
 * Command-line values that override etl-cycle.yaml, validated with the same rules and
 * messages as the file (the flag is named instead of the field).
 */
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import { GIT_MODES } from '../core/git-modes.js';
import type { GitMode } from '../core/git-modes.js';
import type { EtlCycleConfig } from '../config/types.js';

export interface RunOverrides {
  maxIterations?: number;
  timeBudget?: string;
  git?: string;
  logDir?: string;
}

export function applyOverrides(config: EtlCycleConfig, overrides: RunOverrides, resolvePath: (p: string) => string): EtlCycleConfig {
  const next: EtlCycleConfig = { ...config, loop: { ...config.loop }, git: { ...config.git }, logs: { ...config.logs } };
  if (overrides.maxIterations !== undefined) {
    if (!Number.isInteger(overrides.maxIterations) || overrides.maxIterations < 1) {
      throw new UsageError(`--max-iterations: expected a whole number of at least 1, got ${JSON.stringify(overrides.maxIterations)}`);
    }
    next.loop.maxIterations = overrides.maxIterations;
  }
  if (overrides.timeBudget !== undefined) {
    const ms = parseDuration(overrides.timeBudget);
    if (ms === undefined || ms <= 0)
      throw new UsageError(`--time-budget: expected a duration such as 30m or 1h, got ${JSON.stringify(overrides.timeBudget)}`);
    next.loop.timeBudgetMs = ms;
  }
  if (overrides.git !== undefined) {
    if (!(GIT_MODES as readonly string[]).includes(overrides.git))
      throw new UsageError(`--git: expected one of ${GIT_MODES.join(', ')}, got ${JSON.stringify(overrides.git)}`);
    next.git.mode = overrides.git as GitMode;
  }
  if (overrides.logDir !== undefined) next.logs.dir = resolvePath(overrides.logDir);
  return next;
}
