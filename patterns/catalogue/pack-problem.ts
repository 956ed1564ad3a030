/**
 * One thing wrong with (or worth fixing in) a pattern pack. Validation collects problems
 * instead of throwing, so `patterns check` can list every one of them while the loader stops
 * at the first with a one-line PatternPackError.
 */
import { PatternPackError } from '../../core/errors.js';

export interface PackProblem {
  file: string;
  /** The pattern id, when the problem belongs to one pattern. */
  pattern?: string;
  message: string;
}

/** `packs/postgres.yaml: pattern postgres.relation_missing: example 2 does not match`. */
export function formatPackProblem(problem: PackProblem): string {
  return problem.pattern === undefined
    ? `${problem.file}: ${problem.message}`
    : `${problem.file}: pattern ${problem.pattern}: ${problem.message}`;
}

export function packProblemError(problem: PackProblem): PatternPackError {
  return new PatternPackError(formatPackProblem(problem), {
    hint: 'Fix the pack (docs/classifier.md describes the format) and validate it with `etl-cycle patterns check <file>`.',
  });
}
