/**
 * The corpus figures for one set of fixtures (one half of the split):
 *  - accuracy: failed runs whose primary class is the expected one (`unknown` included: a
 *    failed run that names no class of the taxonomy is right when nothing is blamed);
 *  - per-class precision and recall over the failed runs (a healthy run blamed on a class
 *    counts as a false positive of that class);
 *  - the false-alarm rate: healthy runs on which the catalogue blames a failure class.
 * `mode` picks the verdict (classify-fixture.ts): `blind` (not told how the run ended: the
 * packs alone) or `told` (given the captured exit code, as the agent is; a healthy run flagged
 * as a suspicious success counts as a false alarm there).
 */
import { ERROR_CLASS_IDS } from '../../core/error-classes.js';
import type { ErrorClassId, FailureClass } from '../../core/error-classes.js';
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
  failed: number;
  healthy: number;
  /** Failed runs whose primary is the expected class. */
  failedCorrect: number;
  /** failedCorrect / failed (undefined without failed runs). */
  accuracy?: number;
  /** Healthy runs blamed on a failure class. */
  falseAlarms: number;
  /** falseAlarms / healthy (undefined without healthy runs). */
  falseAlarmRate?: number;
  misclassified: FixtureVerdict[];
}

const ratio = (n: number, d: number): number | undefined => (d === 0 ? undefined : n / d);

export type ScoreMode = 'blind' | 'told';

export function predictedClass(v: FixtureVerdict, mode: ScoreMode = 'blind'): FailureClass {
  return mode === 'blind' ? v.predicted : v.told.predicted;
}

export function isRight(v: FixtureVerdict, mode: ScoreMode = 'blind'): boolean {
  if (mode === 'told' && !v.fixture.failed && v.told.suspicious) return false;
  return predictedClass(v, mode) === expectedClass(v.fixture);
}

export function scoreCorpus(verdicts: readonly FixtureVerdict[], mode: ScoreMode = 'blind'): CorpusScore {
  const predicted = (v: FixtureVerdict) => predictedClass(v, mode);
  const right = (v: FixtureVerdict) => isRight(v, mode);
  const classes = ERROR_CLASS_IDS.map((id): ClassScore => {
    const support = verdicts.filter((v) => expectedClass(v.fixture) === id).length;
    const truePositives = verdicts.filter((v) => predicted(v) === id && expectedClass(v.fixture) === id).length;
    const falsePositives = verdicts.filter((v) => predicted(v) === id && expectedClass(v.fixture) !== id).length;
    const predictedCount = truePositives + falsePositives;
    return {
      id,
      support,
      truePositives,
      falsePositives,
      falseNegatives: support - truePositives,
      ...(predictedCount === 0 ? {} : { precision: truePositives / predictedCount }),
      ...(support === 0 ? {} : { recall: truePositives / support }),
    };
  });
  const failed = verdicts.filter((v) => v.fixture.failed);
  const healthy = verdicts.filter((v) => !v.fixture.failed);
  const failedCorrect = failed.filter(right).length;
  const falseAlarms = healthy.filter((v) => !right(v)).length;
  const accuracy = ratio(failedCorrect, failed.length);
  const falseAlarmRate = ratio(falseAlarms, healthy.length);
  return {
    classes,
    fixtures: verdicts.length,
    failed: failed.length,
    healthy: healthy.length,
    failedCorrect,
    ...(accuracy === undefined ? {} : { accuracy }),
    falseAlarms,
    ...(falseAlarmRate === undefined ? {} : { falseAlarmRate }),
    misclassified: verdicts.filter((v) => !right(v)),
  };
}
