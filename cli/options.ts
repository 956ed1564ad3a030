/** Options every command accepts, and the mapping of run flags to config overrides. */
import type { RunOverrides } from './parse-overrides.js';

export interface GlobalArgs {
  config?: string;
  debug: boolean;
}

export function parseOverridesFromArgs(args: { maxIterations?: string; timeBudget?: string; git?: string; logDir?: string }): RunOverrides {
  return { maxIterations: args.maxIterations, timeBudget: args.timeBudget, git: args.git, logDir: args.logDir };
}
