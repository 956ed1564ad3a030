/** Options every command accepts, and the mapping of run flags to config overrides. */
import type { RunOverrides } from './parse-overrides.js';

export interface GlobalArgs {
  config?: string;
  debug: boolean;
  /** `--engine <address|context>`: which Docker engine (default: as the docker CLI decides). */
  engine?: string;
  allowPlaintextEngine?: boolean;
}

/** The engine the global flags ask for (docker/open-stack.ts resolves the rest as the docker CLI does). */
export function engineSelection(args: Pick<GlobalArgs, 'engine' | 'allowPlaintextEngine'>): { flag?: string; allowPlaintext?: boolean } {
  return { ...(args.engine === undefined ? {} : { flag: args.engine }), ...(args.allowPlaintextEngine ? { allowPlaintext: true } : {}) };
}

export function parseOverridesFromArgs(args: {
  maxIterations?: string;
  timeBudget?: string;
  git?: string;
  logDir?: string;
  workflow?: string;
}): RunOverrides {
  return { maxIterations: args.maxIterations, timeBudget: args.timeBudget, git: args.git, logDir: args.logDir, workflow: args.workflow };
}
