/**
 * Precision/recall report of the built-in pattern catalogue over the failure corpus
 * (test/fixtures/outputs/): `npm run build && node dist/bench/corpus/report.js [--json]`.
 * Prints a per-class table, the corpus size per technology, and every misclassified fixture
 * with the match that decided it. Exits 1 when any fixture is misclassified.
 */
import { join } from 'node:path';
import { loadCatalogue } from '../../patterns/load-catalogue.js';
import { findPackageRoot } from '../support/package-root.js';
import { formatMarkdownTable } from '../support/markdown-table.js';
import { classifyFixture, expectedClass } from './classify-fixture.js';
import { readCorpus } from './read-corpus.js';
import { scoreCorpus } from './score-corpus.js';
import type { CorpusScore } from './score-corpus.js';

const percent = (value: number | undefined): string => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);

function formatReport(score: CorpusScore, perTech: ReadonlyMap<string, { failed: number; healthy: number }>): string {
  const classRows = score.classes.map((c) => [
    c.id,
    String(c.support),
    String(c.truePositives),
    String(c.falsePositives),
    String(c.falseNegatives),
    percent(c.precision),
    percent(c.recall),
  ]);
  const techRows = [...perTech.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tech, n]) => [tech, String(n.failed + n.healthy), String(n.failed), String(n.healthy)]);
  const lines = [
    `Corpus: ${score.fixtures} fixtures (${score.fixtures - score.healthy} failed runs, ${score.healthy} healthy); ${score.correct} classified as expected.`,
    `Held out (captured after the packs were written): ${score.holdoutCorrect} of ${score.holdout} classified as expected.`,
    '',
    formatMarkdownTable(['class', 'fixtures', 'TP', 'FP', 'FN', 'precision', 'recall'], classRows),
    '',
    formatMarkdownTable(['technology', 'fixtures', 'failed', 'healthy'], techRows),
  ];
  if (score.misclassified.length > 0) {
    lines.push('', 'Misclassified:');
    for (const v of score.misclassified) {
      const decided = v.primaryMatch ? ` by ${v.primaryMatch.pattern} on line ${v.primaryMatch.line}: ${v.primaryMatch.text}` : '';
      lines.push(`  ${v.fixture.file}: expected ${expectedClass(v.fixture)}, got ${v.predicted}${decided}`);
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const corpusDir = join(findPackageRoot(import.meta.url), 'test', 'fixtures', 'outputs');
  const [catalogue, fixtures] = await Promise.all([loadCatalogue(), readCorpus(corpusDir)]);
  const verdicts = fixtures.map((f) => classifyFixture(catalogue, f));
  const score = scoreCorpus(verdicts);
  const perTech = new Map<string, { failed: number; healthy: number }>();
  for (const f of fixtures) {
    const n = perTech.get(f.tech) ?? { failed: 0, healthy: 0 };
    if (f.failed) n.failed += 1;
    else n.healthy += 1;
    perTech.set(f.tech, n);
  }
  if (process.argv.includes('--json')) {
    const misclassified = score.misclassified.map((v) => ({
      file: v.fixture.file,
      expected: expectedClass(v.fixture),
      got: v.predicted,
      pattern: v.primaryMatch?.pattern,
    }));
    process.stdout.write(`${JSON.stringify({ ...score, misclassified, perTechnology: Object.fromEntries(perTech) }, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatReport(score, perTech)}\n`);
  }
  process.exitCode = score.misclassified.length === 0 ? 0 : 1;
}

await main();
