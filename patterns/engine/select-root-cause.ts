/**
 * Root-cause selection: which of the matches of a failed run is the primary class.
 *
 *  1. Causal order. Engine facts (OOM kill, fatal signal) come first: they are facts, not
 *     readings of text, and explain everything printed after them. Then the sources in the
 *     order they were first written to (the agent feeds the engine/readiness sources before
 *     the orchestrator's). Within a source, lines in order; on one line, the match starting
 *     earliest, then the longer one, then catalogue order. Conventional exit codes (127, 139,
 *     ...) come last: the exit is the end of the story, not its cause.
 *  2. Standing (outcome.ts): a match inside passing test output or on a NOTICE line never
 *     decides. A match on a WARN line that was not retried decides only when no error stands:
 *     programs warn about what they survive. A match that was retried and then recovered
 *     decides only when nothing else does, in a run that really failed (never for output whose
 *     writer exited 0): a failed run whose only clue is a server that took its time to start
 *     is still best explained by that.
 *  3. Rank: a standing error beats a warning, which beats a recovered failure. Within each,
 *     a product pattern (the message of one software) beats a generic one (`tier: generic`:
 *     errno names, exception classes, SQLSTATEs, HTTP statuses, read from any program),
 *     wherever the two are. Weak patterns (symptoms: "exited with code 1", "Traceback") rank
 *     below every real reading, warnings included, whatever their tier.
 *  4. Among the best-ranked, the first causal failure wins. A refused connection followed by
 *     "no such table" (nothing was created) is connection_refused; a refused connection that
 *     was retried until the database was ready, followed by "no such table", is missing_table.
 *  5. Java prints the root cause last: when the winner belongs to a stack trace (its line, then
 *     indented frames and `Caused by:` lines), the last equally ranked match on a `Caused by:`
 *     line of the same trace is the deepest cause and wins instead. When a shallower line of
 *     that trace has the same class and more captures (`Connection to db:5432 refused` above a
 *     bare `ConnectException: Connection refused`), that line is the one reported: the class
 *     is the deepest cause's, the host and port are what the planner needs. Python prints the
 *     root cause first ("During handling of the above exception ..." and "The above exception
 *     was the direct cause ..." both follow the cause), so rule 4 already picks it.
 *  6. No decisive match at all: undefined (the caller reports `unknown` for a failed run).
 */
import type { PatternTier } from './compiled-pattern.js';
import type { MatchOutcome, MatchStanding } from './outcome.js';
import { standingOf } from './outcome.js';
import type { PatternMatch } from '../types.js';

export interface MatchRecord {
  match: PatternMatch;
  weak: boolean;
  tier: PatternTier;
  /** Trace chain: records of one stack trace share it; otherwise unique to the record. */
  chain: number;
  /** The matched line starts with `Caused by:` (Java's deeper causes). */
  causedBy: boolean;
  /** What the output said afterwards (retries, recovery, test results); updated while the stream runs. */
  outcome: MatchOutcome;
}

export interface SelectOptions {
  /** Let recovered matches decide when nothing else does (a run that really failed; not output whose writer exited 0). */
  recoveredAsLastResort?: boolean;
}

/** Lower is better; undefined: never the root cause. */
export function rankOf(record: MatchRecord, options: SelectOptions = {}): number | undefined {
  return rankFor(standingOf(record.outcome), record.weak ? 'symptom' : record.tier, options.recoveredAsLastResort === true);
}

/**
 * Rule 3 as a table (lower is better): standing first, then the layer. A weak pattern is a
 * symptom whatever its tier, and a symptom ranks below any real reading, warnings included.
 */
const RANKS: Readonly<Record<'decisive' | 'warning' | 'recovered', Readonly<Record<PatternTier | 'symptom', number>>>> = {
  decisive: { product: 0, generic: 1, symptom: 4 },
  warning: { product: 2, generic: 3, symptom: 5 },
  recovered: { product: 6, generic: 7, symptom: 8 },
};

function rankFor(standing: MatchStanding, layer: PatternTier | 'symptom', recoveredAsLastResort: boolean): number | undefined {
  if (standing === 'notice' || standing === 'echo' || standing === 'passing_test') return undefined;
  if (standing === 'recovered' && !recoveredAsLastResort) return undefined;
  return RANKS[standing][layer];
}

/** `records` must be in causal order (rule 1). */
export function selectRootCause(records: readonly MatchRecord[], options: SelectOptions = {}): MatchRecord | undefined {
  const ranks = records.map((record) => rankOf(record, options));
  let best: number | undefined;
  for (const rank of ranks) if (rank !== undefined && (best === undefined || rank < best)) best = rank;
  if (best === undefined) return undefined;
  const firstIndex = ranks.indexOf(best);
  const first = records[firstIndex] as MatchRecord;
  let deepest = first;
  for (let i = firstIndex + 1; i < records.length; i += 1) {
    const record = records[i] as MatchRecord;
    if (record.chain === first.chain && record.causedBy && ranks[i] === best) deepest = record;
  }
  return withBestCaptures(records, ranks, best, deepest);
}

/** Rule 5's second half: the line of the same trace and class that carries the most captures. */
function withBestCaptures(
  records: readonly MatchRecord[],
  ranks: readonly (number | undefined)[],
  best: number,
  chosen: MatchRecord,
): MatchRecord {
  let result = chosen;
  let most = Object.keys(chosen.match.captures).length;
  records.forEach((record, i) => {
    if (record === chosen || record.chain !== chosen.chain || ranks[i] !== best || record.match.class !== chosen.match.class) return;
    const count = Object.keys(record.match.captures).length;
    if (count > most) {
      result = record;
      most = count;
    }
  });
  return result;
}
