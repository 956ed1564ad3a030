/**
 * What the agent knows about a failed iteration when it plans the next one.
 */
import type { FailureClass } from '../core/error-classes.js';
import type { StackUpStage } from '../docker/errors.js';
import type { ContainerState, PortHolder } from '../docker/types.js';
import type { Classification, PatternMatch } from '../patterns/types.js';
import type { Adjustment } from './adjustments.js';
import type { OrchestrationSummary } from './orchestration-summary.js';
import type { StackChange } from './stack-witness.js';

export type IterationPhase = 'snapshot' | 'cleanup' | 'rebuild' | 'orchestrate' | 'validate';

export interface FailureFacts {
  phase: IterationPhase;
  classification: Classification;
  /** The service that could not be brought up (rebuild phase). */
  failedService?: string;
  stackStage?: StackUpStage;
  orchestrator?: { exitCode: number | null; timedOut: boolean };
  containers: readonly ContainerState[];
  /** Who holds the port named by a port_in_use match (gathered from the engine before planning). */
  portHolders: readonly PortHolder[];
  /** Hash of the normalized tail of the output: tells one unknown failure from another. */
  outputFingerprint: string;
  /** The built-in orchestrator's execution of this iteration, from its report (what was green, what failed). */
  orchestration?: OrchestrationSummary;
  /** Containers built for the iteration that were removed, replaced or stopped while the orchestrator ran. */
  stackChanges?: readonly StackChange[];
}

export interface HistoryEntry {
  iteration: number;
  fingerprint: string;
  primary: FailureClass;
  adjustments: readonly Adjustment[];
}

/** The entity a match is about (table, service, host:port, path...), for fingerprints and diagnoses. */
export function matchEntity(match: PatternMatch | undefined): string {
  if (!match) return '';
  const c = match.captures;
  return [c.service, c.table, c.database, c.host, c.port, c.path, c.user, c.container, c.image, c.task]
    .filter((v): v is string => typeof v === 'string' && v.length > 0)
    .join('|');
}

/** Two failures with the same fingerprint are "the same failure" for stuck detection. */
export function fingerprintOf(facts: FailureFacts): string {
  const { primary, primaryMatch } = facts.classification;
  if (!primary || primary === 'unknown' || !primaryMatch) return `unknown:${facts.phase}:${facts.outputFingerprint}`;
  return `${primary}:${primaryMatch.pattern}:${matchEntity(primaryMatch)}`;
}
