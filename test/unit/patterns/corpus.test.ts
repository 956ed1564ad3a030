/**
 * The failure corpus (test/fixtures/outputs/manifest.yaml): real output of failed and healthy
 * runs, captured from the software itself (test/fixtures/capture/) or taken from its source.
 * The built-in catalogue must name each failed run's root cause, and must not fire at all on
 * a healthy run (scary words in healthy output make the agent act for nothing).
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CLASS_IDS } from '../../../core/error-classes.js';
import { classifyFixture } from '../../../bench/corpus/classify-fixture.js';
import { readCorpus } from '../../../bench/corpus/read-corpus.js';
import type { CorpusFixture } from '../../../bench/corpus/read-corpus.js';
import { loadCatalogue } from '../../../patterns/load-catalogue.js';
import type { Catalogue } from '../../../patterns/types.js';

const corpusDir = fileURLToPath(new URL('../../fixtures/outputs', import.meta.url));
const fixtures = await readCorpus(corpusDir);
let catalogue: Catalogue;

beforeAll(async () => {
  catalogue = await loadCatalogue();
});

/** Enough to see why a fixture went wrong: every match with its pattern and line. */
function describeMatches(fixture: CorpusFixture): string {
  const verdict = classifyFixture(catalogue, fixture);
  const lines = verdict.matches.map((m) => `  line ${m.line} ${m.pattern} (${m.class}): ${m.text}`);
  return [`${fixture.file} (${fixture.provenance})`, ...(lines.length ? lines : ['  no match'])].join('\n');
}

describe('failure corpus', () => {
  const failed = fixtures.filter((f) => f.failed);
  const healthy = fixtures.filter((f) => !f.failed);

  it.each(failed.map((f) => [f.file, f] as const))('%s: primary is the expected root cause', (_file, fixture) => {
    const verdict = classifyFixture(catalogue, fixture);
    expect(verdict.reported, describeMatches(fixture)).toBe(fixture.expected);
  });

  it.each(healthy.map((f) => [f.file, f] as const))('%s: healthy output matches no pattern', (_file, fixture) => {
    const verdict = classifyFixture(catalogue, fixture);
    expect(verdict.reported).toBeNull();
    expect(verdict.matches, describeMatches(fixture)).toEqual([]);
  });

  it('covers every error class with failed runs and has healthy runs with scary words', () => {
    const covered = new Set<string | null>(failed.map((f) => f.expected));
    expect(ERROR_CLASS_IDS.filter((id) => !covered.has(id))).toEqual([]);
    expect(healthy.length).toBeGreaterThanOrEqual(10);
  });
});
