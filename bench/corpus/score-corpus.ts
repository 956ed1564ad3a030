/**
 * Per-class precision and recall over the corpus. A healthy run counts as a false positive of
 * whatever class the catalogue blamed on it (a match on healthy output makes the agent act).
 */
import { ERROR_CLASS_IDS } from '../../core/error-classes.js';
import type { ErrorClassId } from '../../core/error-classes.js';
import { expectedClass } from './classify-fixture.js';
import type { FixtureVerdict } from './classify-fixture.js';

export interface ClassScore {
  id: ErrorClassId;
  /** Fixtures whose root cause is this class. */
  support: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** undefined when the class was never predicted. */
  precision?: number;
  /** undefined when no fixture has this class. */
  recall?: number;
}

export interface CorpusScore {
  classes: ClassScore[];
  fixtures: number;
  healthy: number;
  correct: number;
  /** Fixtures captured after the packs were written, and how many of them are right. */
  holdout: number;
  holdoutCorrect: number;
  misclassified: FixtureVerdict[];
}

export function scoreCorpus(verdicts: readonly FixtureVerdict[]): CorpusScore {
  const classes = ERROR_CLASS_IDS.map((id): ClassScore => {
    const support = verdicts.filter((v) => expectedClass(v.fixture) === id).length;
    const truePositives = verdicts.filter((v) => v.predicted === id && expectedClass(v.fixture) === id).length;
    const falsePositives = verdicts.filter((v) => v.predicted === id && expectedClass(v.fixture) !== id).length;
    const predicted = truePositives + falsePositives;
    return {
      id,
      support,
      truePositives,
      falsePositives,
      falseNegatives: support - truePositives,
      ...(predicted === 0 ? {} : { precision: truePositives / predicted }),
      ...(support === 0 ? {} : { recall: truePositives / support }),
    };
  });
  const misclassified = verdicts.filter((v) => v.predicted !== expectedClass(v.fixture));
  return {
    classes,
    fixtures: verdicts.length,
    healthy: verdicts.filter((v) => !v.fixture.failed).length,
    correct: verdicts.length - misclassified.length,
    holdout: verdicts.filter((v) => v.fixture.holdout).length,
    holdoutCorrect: verdicts.filter((v) => v.fixture.holdout && !misclassified.includes(v)).length,
    misclassified,
  };
}
