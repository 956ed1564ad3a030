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
  /** As typed on the command line. */
  maxIterations?: string | number;
  timeBudget?: string;
  git?: string;
  logDir?: string;
  /** A workflow of the built-in orchestrator (`run --workflow`, POST /api/runs of serve). */
  workflow?: string;
}

/** A whole-number flag as typed (`--max-iterations abc` names the flag and "abc", not NaN). */
export function wholeNumberFlag(flag: string, value: string | number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = String(value).trim();
  const number = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new UsageError(`${flag}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(String(value))}`);
  }
  return number;
}

export function applyOverrides(config: EtlCycleConfig, overrides: RunOverrides, resolvePath: (p: string) => string): EtlCycleConfig {
  const next: EtlCycleConfig = { ...config, loop: { ...config.loop }, git: { ...config.git }, logs: { ...config.logs } };
  if (overrides.maxIterations !== undefined)
    next.loop.maxIterations = wholeNumberFlag('--max-iterations', overrides.maxIterations, 1, 1000);
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
  if (overrides.workflow !== undefined)
    next.orchestrator = { ...config.orchestrator, workflow: checkedWorkflow(config, overrides.workflow) };
  return next;
}

function checkedWorkflow(config: EtlCycleConfig, workflow: string): string {
  if (config.orchestrator.command !== undefined)
    throw new UsageError(
      `--workflow ${workflow}: orchestrator.command is set; a workflow runs on the built-in orchestrator (orchestrator.workflow)`,
    );
  const known = config.workflows.map((w) => w.name);
  if (!known.includes(workflow))
    throw new UsageError(
      `--workflow ${JSON.stringify(workflow)}: no such workflow (${known.length ? `workflows: ${known.join(', ')}` : 'none is declared'})`,
    );
  return workflow;
}
