/** What one benchmark run produced, and the names the tables use. */
export const CONTENDER_IDS = ['etl-cycle', 'compose-retry-loop', 'predecessor'] as const;
export type ContenderId = (typeof CONTENDER_IDS)[number];

/**
 * green: the orchestrator succeeded. stopped: the tool decided on its own that retrying cannot
 * help and ended early. gave-up: it used up its attempts (or its time budget). timeout: the
 * harness killed it at the run's hard limit. error: the harness could not run or read it.
 */
export type Outcome = 'green' | 'stopped' | 'gave-up' | 'timeout' | 'error';

/** etl-cycle's own figures, from its report and the run around it. */
export interface AgentFigures {
  cycles: number;
  /** Wall time minus the report's phase durations (engine, readiness waits, orchestrator, backoff). */
  overheadSeconds: number;
  /** From spawn to the first cycle: Node start-up, config and Compose loading, engine connection. */
  startupSeconds: number;
  /** The rest of the overhead, per cycle: classification, planning, report writing, bookkeeping. */
  overheadPerCycleSeconds: number;
  /** Peak resident set of the etl-cycle process itself (not its children), in MiB. */
  peakRssMb: number | null;
  stopReason: string | null;
  /** The backoff it waited, summed over its iterations. */
  backoffSeconds: number;
  /** The last iteration's rebuild: the services it kept and those it (re)created. */
  lastRebuild: { kept: string[]; rebuilt: string[] } | null;
}

export interface Interpretation {
  outcome: Outcome;
  iterations: number | null;
  detail: string | null;
  agent?: AgentFigures;
}

export interface RunRecord extends Interpretation {
  round: number;
  /** A scenario id, or "floor". */
  scenario: string;
  /** The stack it ran on (a floor is measured per stack). */
  stack: string;
  /** A contender id, or "floor". */
  contender: string;
  /** The fault as drawn for this round. */
  fault: string;
  seconds: number;
  log: string | null;
}
