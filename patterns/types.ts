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
  /**
   * Why this match is not (or only as a last resort) the failure; absent for a decisive match.
   * `recovered`: retried, then the output showed success or readiness; `passing_test`: inside
   * test output that passed; `notice`: a NOTICE line; `echo`: a traced command (`+ cmd`) or a
   * drawn table row; `warning`: a WARN line nothing retried
   * (decides only when no error stands).
   */
  standing?: 'recovered' | 'passing_test' | 'notice' | 'echo' | 'warning';
  /** For `recovered` and `passing_test`: the line that shows it (same source). */
  evidence?: { line: number; text: string };
}

/** A run that exited 0 but whose output ends in a fatal error (an ERROR line, a traceback as the last thing). */
export interface SuspiciousSuccess {
  source: OutputSource;
  /** First line of the fatal ending (a traceback's header, the error line). */
  line: number;
  /** Its last line (the exception line of a traceback); equal to `line` for a single line. */
  lastLine: number;
  /** The line that says what went wrong (the last error line of the ending). */
  text: string;
  /** The class and pattern of a decisive match inside the ending, when a pattern knows the message. */
  class?: ErrorClassId;
  pattern?: string;
}

/** A line that most likely explains a failure no pattern matched. */
export interface CauseLine {
  source: OutputSource;
  line: number;
  text: string;
  /**
   * `fatal`: the line says it is an error; `errorish`: it uses error words; `last_line`: no
   * line looked like an error, this is where the output ended.
   */
  look: 'fatal' | 'errorish' | 'last_line';
}

export interface Classification {
  /** Root cause: null when nothing failed; `unknown` when a failed run matched nothing. */
  primary: FailureClass | null;
  /** The match that decided `primary` (absent for null/unknown). */
  primaryMatch?: PatternMatch;
  /** Every match, in order of appearance per source (recovered ones and notes too: see `standing`). */
  matches: PatternMatch[];
  /** Set when the run did not fail but its output ends in a fatal error (see SuspiciousSuccess). */
  suspiciousSuccess?: SuspiciousSuccess;
  /** Set when the run failed and no match decided (`primary` is `unknown`): the last error-looking lines. */
  likelyCause?: CauseLine[];
}

/** How one stream ended (the process that wrote it). */
export interface StreamEnd {
  /** Its exit code; null when it was killed or timed out. */
  exitCode?: number | null;
}

export interface ResultOptions {
  /**
   * Whether the run failed. Default: from the exit codes known (given here or to `end`): failed
   * when any is not 0; true when none is known (someone asks because something failed).
   */
  failed?: boolean;
  /** The run's exit code, for the streams that did not end with their own (`classify --exit-code`). */
  exitCode?: number | null;
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
  /** Signal the end of a stream (flushes a last line without newline), with the exit code of its writer when known. */
  end(source: OutputSource, how?: StreamEnd): void;
  addContainerFacts(facts: ContainerFacts): void;
  /** Matches so far (cheap; for live progress). */
  matches(): readonly PatternMatch[];
  /**
   * The verdict. When the run did not fail, primary is null even if lines matched (and
   * `suspiciousSuccess` says whether its output ended in a fatal error). Cheap enough to ask
   * more than once; more output may follow.
   */
  result(options?: ResultOptions): Classification;
}

export interface PatternInfo {
  id: string;
  class: ErrorClassId;
  regex: string;
  hint: string;
  pack: string;
  source: 'builtin' | 'user';
  /** `product` (one software's message) or `generic` (any program's output); generic loses to product. */
  tier: 'product' | 'generic';
  weak: boolean;
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
