/**
 * Root-cause selection: which of the matches of a failed run is the primary class.
 *
 *  1. Causal order. Engine facts (OOM kill, fatal signal) come first: they are facts, not
 *     readings of text, and explain everything printed after them. Then the sources in the
 *     order they were first written to (the agent feeds the engine/readiness sources before
 *     the orchestrator's). Within a source, lines in order; on one line, the match starting
 *     earliest, then the longer one, then catalogue order.
 *  2. The first causal failure wins: the first non-weak match in that order. A refused
 *     connection followed by "no such table" (nothing was created) is connection_refused.
 *  3. Java prints the root cause last: when the winner belongs to a stack trace (its line, then
 *     indented frames and `Caused by:` lines), the last non-weak match on a `Caused by:` line of
 *     the same trace is the deepest cause and wins instead. Python prints the root cause first
 *     ("During handling of the above exception, another exception occurred:" and "The above
 *     exception was the direct cause of the following exception:" both follow the cause), so
 *     rule 2 already picks it.
 *  4. Weak matches (generic symptoms: "exited with code 1", "Traceback") never win over a
 *     non-weak one. When only weak matches exist, the same rules apply among them: the pack
 *     author gave the symptom a class, and acting on it beats acting on `unknown`.
 *  5. No match at all: undefined (the caller reports `unknown` for a failed run).
 */
import type { PatternMatch } from '../types.js';

export interface MatchRecord {
  match: PatternMatch;
  weak: boolean;
  /** Trace chain: records of one stack trace share it; otherwise unique to the record. */
  chain: number;
  /** The matched line starts with `Caused by:` (Java's deeper causes). */
  causedBy: boolean;
}

/** `records` must be in causal order (rule 1). */
export function selectRootCause(records: readonly MatchRecord[]): MatchRecord | undefined {
  return pick(records, false) ?? pick(records, true);
}

function pick(records: readonly MatchRecord[], allowWeak: boolean): MatchRecord | undefined {
  const eligible = (r: MatchRecord) => allowWeak || !r.weak;
  const firstIndex = records.findIndex(eligible);
  const first = records[firstIndex];
  if (!first) return undefined;
  let deepest = first;
  for (let i = firstIndex + 1; i < records.length; i += 1) {
    const record = records[i];
    if (record && record.chain === first.chain && record.causedBy && eligible(record)) deepest = record;
  }
  return deepest;
}
