/**
 * The classifier's public contract, used by agent/ and cli/.
 */
import type { ErrorClassId, FailureClass } from '../core/error-classes.js';

/** Where a line came from; the agent classifies several streams per iteration. */
export type OutputSource = string; // 'orchestrator' | 'docker' | 'readiness' | `container:${service}` | a task id ...

export interface PatternMatch {
  class: ErrorClassId;
  /** Stable pattern id, e.g. `postgres.relation_missing`. */
  pattern: string;
  /** 1-based line number within its source stream. */
  line: number;
  /** The line as matched (ANSI stripped, truncated to a bounded length). */
  text: string;
  /** Named captures: table, host, port, service, path, user, database, ... */
  captures: Record<string, string>;
  /** One line a human can act on. */
  hint: string;
  source?: OutputSource;
}

export interface Classification {
  /** Root cause: null when nothing failed; `unknown` when a failed run matched nothing. */
  primary: FailureClass | null;
  /** The match that decided `primary` (absent for null/unknown). */
  primaryMatch?: PatternMatch;
  /** Every match, in order of appearance per source. */
  matches: PatternMatch[];
}

/** Container facts the engine reports; exit 137 + OOMKilled is out_of_memory even with no output. */
export interface ContainerFacts {
  service: string;
  exitCode: number | null;
  oomKilled: boolean;
  health?: 'starting' | 'healthy' | 'unhealthy' | 'none';
  running: boolean;
}

/** Incremental classification of one or more output streams, fed as the output arrives. */
export interface StreamClassifier {
  /** Feed a chunk of a stream (any size, lines may span chunks). */
  write(source: OutputSource, chunk: string): void;
  /** Signal the end of a stream (flushes a last line without newline). */
  end(source: OutputSource): void;
  addContainerFacts(facts: ContainerFacts): void;
  /** Matches so far (cheap; for live progress). */
  matches(): readonly PatternMatch[];
  /** Final verdict. `failed` says whether the run failed: when false, primary is null even if lines matched. */
  result(options: { failed: boolean }): Classification;
}

export interface PatternInfo {
  id: string;
  class: ErrorClassId;
  regex: string;
  hint: string;
  pack: string;
  source: 'builtin' | 'user';
}

export interface Catalogue {
  readonly patterns: readonly PatternInfo[];
  createClassifier(): StreamClassifier;
}

export interface LoadCatalogueOptions {
  /** Extra pack files (YAML/JSON); later packs override earlier ones by pattern id. */
  packs?: string[];
  /** Pattern ids to switch off. */
  disable?: string[];
  /** Leave out the built-in packs (tests, `patterns check` of a user pack alone). */
  builtin?: boolean;
}
