/**
 * Classifies one corpus fixture the way the agent classifies a run: the output as the
 * orchestrator's stream (fed in chunks that split lines, as pipes deliver it), the engine's
 * container facts, then the verdict, twice:
 *
 *  - blind: the classifier is not told how the run ended and is asked "as if failed", also for
 *    healthy runs. That is the class the catalogue would blame on the output alone; for a
 *    healthy run anything but `unknown` is a false alarm. This measures the packs.
 *  - told: the stream ends with the captured exit code (when the manifest has one), as the
 *    agent passes it. A failed run's primary is then what the agent reports; a healthy run is
 *    a false alarm when it still gets a primary or is flagged as a suspicious success.
 */
import type { FailureClass } from '../../core/error-classes.js';
import type { Catalogue, Classification, PatternMatch } from '../../patterns/types.js';
import type { CorpusFixture } from './read-corpus.js';

/** Odd on purpose: chunk borders fall inside lines. */
const CHUNK_CHARS = 997;

export interface FixtureVerdict {
  fixture: CorpusFixture;
  /** Blind: primary of result({ failed: true }) without an exit code. */
  predicted: FailureClass;
  /** primary of result({ failed: fixture.failed }): what the agent would report. */
  reported: FailureClass | null;
  primaryMatch?: PatternMatch;
  matches: readonly PatternMatch[];
  /** Told the exit code: the primary (`unknown` when none), and whether a healthy run is flagged as a suspicious success. */
  told: { predicted: FailureClass; suspicious: boolean; exitCodeKnown: boolean };
}

function feed(catalogue: Catalogue, fixture: CorpusFixture, exitCode: number | undefined) {
  const classifier = catalogue.createClassifier();
  if (fixture.facts) classifier.addContainerFacts(fixture.facts);
  for (let i = 0; i < fixture.text.length; i += CHUNK_CHARS) {
    classifier.write('orchestrator', fixture.text.slice(i, i + CHUNK_CHARS));
  }
  classifier.end('orchestrator', exitCode === undefined ? undefined : { exitCode });
  return classifier;
}

function toldVerdict(catalogue: Catalogue, fixture: CorpusFixture): FixtureVerdict['told'] {
  const exitCodeKnown = fixture.exitCode !== undefined;
  const classifier = feed(catalogue, fixture, fixture.exitCode);
  // Without a recorded exit code (logs read back, hand-written fixtures) the manifest says how the run ended.
  const result: Classification = exitCodeKnown ? classifier.result() : classifier.result({ failed: fixture.failed });
  return { predicted: result.primary ?? 'unknown', suspicious: result.suspiciousSuccess !== undefined, exitCodeKnown };
}

export function classifyFixture(catalogue: Catalogue, fixture: CorpusFixture): FixtureVerdict {
  const classifier = feed(catalogue, fixture, undefined);
  const asFailed = classifier.result({ failed: true });
  const reported = classifier.result({ failed: fixture.failed }).primary;
  return {
    fixture,
    predicted: asFailed.primary ?? 'unknown',
    reported,
    ...(asFailed.primaryMatch === undefined ? {} : { primaryMatch: asFailed.primaryMatch }),
    matches: asFailed.matches,
    told: toldVerdict(catalogue, fixture),
  };
}

/** The class a fixture should be blamed on: its root cause, or `unknown` (nothing) for a healthy run. */
export function expectedClass(fixture: CorpusFixture): FailureClass {
  return fixture.expected ?? 'unknown';
}
