/**
 * The corpus report: `npm run corpus` (or `node dist/bench/corpus/report.js [--json]`).
 *
 * Prints the figures of the HELD-OUT half first (accuracy on failed runs, per-class recall,
 * the false-alarm rate on healthy runs), then the same figures for the train half, labelled
 * in-sample. Misclassified fixtures are listed for the train half only: a held-out miss is
 * never shown, so nobody tunes a pattern to it (per-class held-out recall says where to
 * capture more train data). `--list-train` prints the train files, the only ones to read while
 * writing patterns; `--train-only` scores the train half alone (for work on the packs: the
 * held-out figure is measured once at the end of a round, not after every change).
 */
import { join } from 'node:path';
import { loadCatalogue } from '../../patterns/load-catalogue.js';
import { findPackageRoot } from '../support/package-root.js';
import { formatMarkdownTable } from '../support/markdown-table.js';
import { classifyFixture, expectedClass } from './classify-fixture.js';
import type { FixtureVerdict } from './classify-fixture.js';
import { readCorpus } from './read-corpus.js';
import type { CorpusFixture } from './read-corpus.js';
import { scoreCorpus } from './score-corpus.js';
import type { CorpusScore } from './score-corpus.js';

const percent = (value: number | undefined): string => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);
const fraction = (n: number, d: number, value: number | undefined): string => `${n}/${d} = ${percent(value)}`;

function headline(label: string, score: CorpusScore): string[] {
  return [
    `${label}: ${score.fixtures} fixtures (${score.failed} failed runs, ${score.healthy} healthy)`,
    `  accuracy on failed runs (primary class right): ${fraction(score.failedCorrect, score.failed, score.accuracy)}`,
    `  false alarms on healthy runs (a failure class blamed): ${fraction(score.falseAlarms, score.healthy, score.falseAlarmRate)}`,
  ];
}

function classTable(heldout: CorpusScore, train: CorpusScore): string {
  const rows = heldout.classes.map((h, i) => {
    const t = train.classes[i];
    return [
      h.id,
      String(h.support),
      percent(h.recall),
      percent(h.precision),
      String(t?.support ?? 0),
      percent(t?.recall),
      percent(t?.precision),
    ];
  });
  return formatMarkdownTable(
    ['class', 'held-out n', 'held-out recall', 'held-out precision', 'train n', 'train recall (in-sample)', 'train precision (in-sample)'],
    rows,
  );
}

function programTable(fixtures: readonly CorpusFixture[]): string {
  const perProgram = new Map<string, { train: number; heldout: number; failed: number; healthy: number }>();
  for (const f of fixtures) {
    const n = perProgram.get(f.program) ?? { train: 0, heldout: 0, failed: 0, healthy: 0 };
    n[f.split] += 1;
    n[f.failed ? 'failed' : 'healthy'] += 1;
    perProgram.set(f.program, n);
  }
  const rows = [...perProgram.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([program, n]) => [program, String(n.train + n.heldout), String(n.train), String(n.heldout), String(n.failed), String(n.healthy)]);
  return formatMarkdownTable(['program', 'fixtures', 'train', 'held-out', 'failed', 'healthy'], rows);
}

function describeMiss(v: FixtureVerdict): string {
  const decided = v.primaryMatch
    ? ` by ${v.primaryMatch.pattern} on line ${v.primaryMatch.line}: ${v.primaryMatch.text.slice(0, 160)}`
    : '';
  return `  ${v.fixture.file}: expected ${expectedClass(v.fixture)}, got ${v.predicted}${decided}`;
}

async function main(): Promise<void> {
  const corpusDir = join(findPackageRoot(import.meta.url), 'test', 'fixtures', 'outputs');
  if (process.argv.includes('--list-train')) {
    const train = await readCorpus(corpusDir, { splits: ['train'] });
    process.stdout.write(train.map((f) => `${f.file}\n`).join(''));
    return;
  }
  const trainOnly = process.argv.includes('--train-only');
  const [catalogue, fixtures] = await Promise.all([loadCatalogue(), readCorpus(corpusDir, trainOnly ? { splits: ['train'] } : {})]);
  const verdicts = fixtures.map((f) => classifyFixture(catalogue, f));
  const heldoutVerdicts = verdicts.filter((v) => v.fixture.split === 'heldout');
  const trainVerdicts = verdicts.filter((v) => v.fixture.split === 'train');
  const heldout = scoreCorpus(heldoutVerdicts);
  const train = scoreCorpus(trainVerdicts);
  const capturedTrain = scoreCorpus(trainVerdicts.filter((v) => v.fixture.manifest !== 'manifest.yaml'));
  if (process.argv.includes('--json')) {
    const summary = (s: CorpusScore) => ({ ...s, misclassified: s.misclassified.length });
    const trainMisses = train.misclassified.map((v) => ({
      file: v.fixture.file,
      expected: expectedClass(v.fixture),
      got: v.predicted,
      pattern: v.primaryMatch?.pattern,
    }));
    const json = {
      heldout: summary(heldout),
      train: { ...summary(train), misclassified: trainMisses },
      capturedTrain: summary(capturedTrain),
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const lines = [
    ...(trainOnly ? ['HELD-OUT: not scored (--train-only)'] : headline('HELD-OUT (never read while writing patterns)', heldout)),
    '',
    ...headline('TRAIN, in-sample (read while writing patterns)', train),
    ...headline('  of which captured by the scripts of manifest.d (in-sample)', capturedTrain).map((l) => `  ${l}`),
    '',
    classTable(heldout, train),
    '',
    programTable(fixtures),
  ];
  if (train.misclassified.length > 0) {
    lines.push('', 'Misclassified TRAIN fixtures (held-out misses are never listed):', ...train.misclassified.map(describeMiss));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
