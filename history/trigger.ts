/**
 * What started a run, for the ledger: `--trigger` when given, else ETL_CYCLE_TRIGGER (what a git
 * hook or a wrapper sets), else a CI schedule (GitHub Actions `schedule`, GitLab pipeline source
 * `schedule`), else any CI job, else a person at a terminal.
 */
import { UsageError } from '../core/errors.js';
import { TRIGGERS } from './types.js';
import type { Trigger } from './types.js';

export function isTrigger(value: string): value is Trigger {
  return (TRIGGERS as readonly string[]).includes(value);
}

export function detectTrigger(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, ci: boolean): Trigger {
  if (flag !== undefined) {
    if (!isTrigger(flag)) throw new UsageError(`--trigger ${JSON.stringify(flag)}: expected one of ${TRIGGERS.join(', ')}`);
    return flag;
  }
  const fromEnv = env.ETL_CYCLE_TRIGGER?.trim();
  if (fromEnv) {
    if (!isTrigger(fromEnv))
      throw new UsageError(`ETL_CYCLE_TRIGGER=${JSON.stringify(fromEnv)}: expected one of ${TRIGGERS.join(', ')}; fix or unset it`);
    return fromEnv;
  }
  if (env.GITHUB_EVENT_NAME === 'schedule' || env.CI_PIPELINE_SOURCE === 'schedule' || env.BUILDKITE_SOURCE === 'schedule')
    return 'schedule';
  return ci ? 'ci' : 'manual';
}
