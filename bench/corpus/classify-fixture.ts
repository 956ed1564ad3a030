/**
 * Classifies one corpus fixture the way the agent classifies a run: the output as the
 * orchestrator's stream (fed in chunks that split lines, as pipes deliver it), the engine's
 * container facts, then the verdict. The verdict is asked "as if failed" even for healthy
 * runs: that is the class the catalogue would have blamed, and for a healthy run anything but
 * `unknown` is a false alarm.
 */
import type { FailureClass } from '../../core/error-classes.js';
import type { Catalogue, PatternMatch } from '../../patterns/types.js';
import type { CorpusFixture } from './read-corpus.js';

/** Odd on purpose: chunk borders fall inside lines. */
const CHUNK_CHARS = 997;

export interface FixtureVerdict {
  fixture: CorpusFixture;
  /** primary of result({ failed: true }): what the catalogue blames. */
  predicted: FailureClass;
  /** primary of result({ failed: fixture.failed }): what the agent would report. */
  reported: FailureClass | null;
  primaryMatch?: PatternMatch;
  matches: readonly PatternMatch[];
}

export function classifyFixture(catalogue: Catalogue, fixture: CorpusFixture): FixtureVerdict {
  const classifier = catalogue.createClassifier();
  if (fixture.facts) classifier.addContainerFacts(fixture.facts);
  for (let i = 0; i < fixture.text.length; i += CHUNK_CHARS) {
    classifier.write('orchestrator', fixture.text.slice(i, i + CHUNK_CHARS));
  }
  classifier.end('orchestrator');
  const asFailed = classifier.result({ failed: true });
  const reported = classifier.result({ failed: fixture.failed }).primary;
  return {
    fixture,
    predicted: asFailed.primary ?? 'unknown',
    reported,
    ...(asFailed.primaryMatch === undefined ? {} : { primaryMatch: asFailed.primaryMatch }),
    matches: asFailed.matches,
  };
}

/** The class a fixture should be blamed on: its root cause, or `unknown` (nothing) for a healthy run. */
export function expectedClass(fixture: CorpusFixture): FailureClass {
  return fixture.expected ?? 'unknown';
}
