/**
 * ReDoS check of pattern regexes with recheck (a maintained checker that analyses the regex
 * automaton; its native binary ships as an npm package, with a pure-JS fallback elsewhere).
 *
 * Policy: exponential backtracking is rejected, and so is polynomial backtracking of degree 3
 * or more. Degree 2 is accepted: unanchored search over a line makes almost every `.*` regex
 * quadratic, and lines are cut at MAX_LINE_CHARS, where a quadratic regex costs milliseconds
 * even on a crafted line while a cubic one costs seconds. A regex recheck cannot decide
 * within its time budget is rejected too (simplify it).
 *
 * recheck takes from a few hundred milliseconds to seconds per regex, so regexes whose
 * structure rules out super-quadratic backtracking are accepted without asking it
 * (is-trivially-bounded.ts); most real patterns are of that kind.
 */
import type { Diagnostics } from 'recheck';
import { errorMessage } from '../../core/errors.js';
import type { CompiledPattern } from '../engine/compiled-pattern.js';
import { isTriviallyBounded } from './is-trivially-bounded.js';
import type { PackProblem } from '../catalogue/pack-problem.js';
import { RedosVerdictCache } from './redos-verdict-cache.js';

export const MAX_ACCEPTED_DEGREE = 2;
// Generous: the verdict must not depend on how busy the machine is (a timeout rejects the regex).
const RECHECK_TIMEOUT_MS = 120_000;
/** recheck's analysis is CPU-bound: more at once only makes each slower (and hit its timeout). */
const RECHECK_CONCURRENCY = 2;

export type RedosVerdict = { safe: true } | { safe: false; reason: string };

export async function checkRegexComplexity(source: string, flags: string): Promise<RedosVerdict> {
  if (isTriviallyBounded(source, flags)) return { safe: true };
  let diagnostics: Diagnostics;
  try {
    // Loaded on first use: recheck is large (~30 MB of memory), and runs without user packs never need it.
    const { check } = await import('recheck');
    diagnostics = await check(source, flags, { timeout: RECHECK_TIMEOUT_MS });
  } catch (error) {
    return { safe: false, reason: `the ReDoS check failed: ${errorMessage(error)}` };
  }
  if (diagnostics.status === 'safe') return { safe: true };
  if (diagnostics.status === 'unknown') {
    return { safe: false, reason: `the ReDoS check could not decide (${diagnostics.error.kind}): simplify the regex` };
  }
  const { complexity, attack } = diagnostics;
  if (complexity.type === 'polynomial' && complexity.degree <= MAX_ACCEPTED_DEGREE) return { safe: true };
  const how = complexity.type === 'exponential' ? 'exponential' : `polynomial (degree ${complexity.degree})`;
  return {
    safe: false,
    reason: `regex backtracks catastrophically: ${how} time on lines like ${attack.pattern}; avoid nested or adjacent unbounded repeats that can match the same text (e.g. (a+)+, \\s+(.+)\\s+)`,
  };
}

/** What the verdict depends on besides the regex: part of the cache key. */
export const REDOS_POLICY = `degree<=${MAX_ACCEPTED_DEGREE}`;

export interface FindRedosOptions {
  /** Verdicts kept between runs (default: the package's cache; RedosVerdictCache.none() for none). */
  cache?: RedosVerdictCache;
}

/** Runs the check on every pattern, a few at a time; regexes already proven safe (the cache) are not asked again. */
export async function findRedosProblems(patterns: readonly CompiledPattern[], options: FindRedosOptions = {}): Promise<PackProblem[]> {
  if (patterns.length === 0) return [];
  const cache = options.cache ?? (await RedosVerdictCache.open(REDOS_POLICY));
  const verdicts: RedosVerdict[] = new Array<RedosVerdict>(patterns.length);
  let next = 0;
  const worker = async () => {
    while (next < patterns.length) {
      const index = next;
      next += 1;
      const { source, flags } = (patterns[index] as CompiledPattern).regex;
      if (cache.isKnownSafe(source, flags)) {
        verdicts[index] = { safe: true };
        continue;
      }
      const verdict = await checkRegexComplexity(source, flags);
      if (verdict.safe && !isTriviallyBounded(source, flags)) cache.rememberSafe(source, flags);
      verdicts[index] = verdict;
    }
  };
  await Promise.all(Array.from({ length: Math.min(RECHECK_CONCURRENCY, patterns.length) }, worker));
  await cache.save();
  const problems: PackProblem[] = [];
  verdicts.forEach((verdict, index) => {
    const pattern = patterns[index];
    if (!verdict.safe && pattern) problems.push({ file: pattern.file, pattern: pattern.id, message: verdict.reason });
  });
  return problems;
}
