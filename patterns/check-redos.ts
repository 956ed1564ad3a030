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
 * recheck takes a few hundred milliseconds per regex, so regexes whose structure rules out
 * super-quadratic backtracking are accepted without asking it (see isTriviallyBounded).
 */
import { RegExpParser } from '@eslint-community/regexpp';
import type { AST } from '@eslint-community/regexpp';
import { check } from 'recheck';
import { errorMessage } from '../core/errors.js';
import type { CompiledPattern } from './compiled-pattern.js';
import type { PackProblem } from './pack-problem.js';

export const MAX_ACCEPTED_DEGREE = 2;
const RECHECK_TIMEOUT_MS = 10_000;
/** A bounded repeat of more than this many counts as a loop (`.{0,5000}` backtracks like `.*`). */
const LOOP_BOUND = 16;

export type RedosVerdict = { safe: true } | { safe: false; reason: string };

export async function checkRegexComplexity(source: string, flags: string): Promise<RedosVerdict> {
  if (isTriviallyBounded(source)) return { safe: true };
  let diagnostics: Awaited<ReturnType<typeof check>>;
  try {
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

/** Runs the check on every pattern (concurrently: recheck's native agent serves requests in parallel). */
export async function findRedosProblems(patterns: readonly CompiledPattern[]): Promise<PackProblem[]> {
  const verdicts = await Promise.all(patterns.map((p) => checkRegexComplexity(p.regex.source, p.regex.flags)));
  const problems: PackProblem[] = [];
  verdicts.forEach((verdict, index) => {
    const pattern = patterns[index];
    if (!verdict.safe && pattern) problems.push({ file: pattern.file, pattern: pattern.id, message: verdict.reason });
  });
  return problems;
}

/**
 * True when backtracking is at most quadratic by construction: no backreferences or
 * lookarounds, every repeated part is a single character, class or fixed sequence of them
 * (so iterations cannot split the same text two ways: no exponential blow-up), and at most
 * one repeat is unbounded (with the implicit search loop that makes degree 2 at most).
 */
export function isTriviallyBounded(source: string): boolean {
  let pattern: AST.Pattern;
  try {
    pattern = new RegExpParser().parsePattern(source, 0, source.length, { unicode: false });
  } catch {
    return false;
  }
  let loops = 0;
  let bounded = true;
  const visit = (alternatives: readonly AST.Alternative[]) => {
    for (const alternative of alternatives) {
      for (const element of alternative.elements) {
        if (!bounded) return;
        switch (element.type) {
          case 'Backreference':
            bounded = false;
            break;
          case 'Assertion':
            if (element.kind === 'lookahead' || element.kind === 'lookbehind') bounded = false;
            break;
          case 'Group':
          case 'CapturingGroup':
            visit(element.alternatives);
            break;
          case 'Quantifier':
            if (!isFixedSequence(element.element)) bounded = false;
            if (element.max > LOOP_BOUND) loops += 1;
            break;
          default:
            break;
        }
      }
    }
  };
  visit(pattern.alternatives);
  return bounded && loops <= 1;
}

function isFixedSequence(element: AST.QuantifiableElement): boolean {
  if (element.type === 'Character' || element.type === 'CharacterClass' || element.type === 'CharacterSet') return true;
  if (element.type === 'Group' || element.type === 'CapturingGroup') {
    const only = element.alternatives.length === 1 ? element.alternatives[0] : undefined;
    return only !== undefined && only.elements.every((e) => e.type === 'Character' || e.type === 'CharacterClass' || e.type === 'CharacterSet');
  }
  return false;
}
