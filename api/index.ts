/**
 * etl-cycle's programmatic API: `import { runCycle, classify } from 'etl-cycle'`.
 *
 *   runCycle(options)  the self-healing loop on a project (etl-cycle.yaml + Compose file), as
 *                      `etl-cycle run`; resolves with the run's report.
 *   classify(output)   the diagnosis of any output: the root-cause error class and every match.
 *
 * Errors a user can cause reject with an EtlCycleError carrying a stable `code`. Everything
 * else in the package is internal and may change between versions. See docs/api.md.
 */
export { runCycle } from './run-cycle.js';
export type { GitMode, RunCycleOptions, Trigger } from './run-cycle.js';
export { classify } from './classify.js';
export type { ClassifiedMatch, ClassifyOptions, ClassifyResult } from './classify.js';
export { ERROR_CLASS_IDS } from '../core/error-classes.js';
export type { ErrorClassId, FailureClass } from '../core/error-classes.js';
export { EtlCycleError, isEtlCycleError } from '../core/errors.js';
export type { ErrorCode } from '../core/errors.js';
export type { AgentObserver } from '../agent/observer.js';
export type { CycleRecord, MatchRecord, RunReport, StopReason } from '../agent/report.js';
