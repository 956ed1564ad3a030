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
import { HAND_WRITTEN_MANIFEST, readCorpus } from './read-corpus.js';
import type { CorpusFixture } from './read-corpus.js';
import { scoreCorpus } from './score-corpus.js';
import type { CorpusScore, ScoreMode } from './score-corpus.js';

const percent = (value: number | undefined): string => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);
const fraction = (n: number, d: number, value: number | undefined): string => `${n}/${d} = ${percent(value)}`;

interface HalfScores {
  blind: CorpusScore;
  told: CorpusScore;
}

function scoreHalf(verdicts: readonly FixtureVerdict[]): HalfScores {
  return { blind: scoreCorpus(verdicts, 'blind'), told: scoreCorpus(verdicts, 'told') };
}

function headline(label: string, half: HalfScores): string[] {
  const { blind, told } = half;
  return [
    `${label}: ${blind.fixtures} fixtures (${blind.failed} failed runs, ${blind.healthy} healthy)`,
    formatMarkdownTable(
      ['', 'blind (output only)', 'told the exit code (as the agent runs)'],
      [
        [
          'accuracy on failed runs (primary class right)',
          fraction(blind.failedCorrect, blind.failed, blind.accuracy),
          fraction(told.failedCorrect, told.failed, told.accuracy),
        ],
        [
          'false alarms on healthy runs (a class blamed; told: or suspicious_success)',
          fraction(blind.falseAlarms, blind.healthy, blind.falseAlarmRate),
          fraction(told.falseAlarms, told.healthy, told.falseAlarmRate),
        ],
      ],
    ),
  ];
}

function classTable(heldout: HalfScores, train: HalfScores): string {
  const rows = heldout.blind.classes.map((h, i) => {
    const ht = heldout.told.classes[i];
    const t = train.blind.classes[i];
    return [
      h.id,
      String(h.support),
      percent(h.recall),
      percent(ht?.recall),
      percent(h.precision),
      String(t?.support ?? 0),
      percent(t?.recall),
    ];
  });
  return formatMarkdownTable(
    [
      'class',
      'held-out n',
      'held-out recall (blind)',
      'held-out recall (told)',
      'held-out precision (blind)',
      'train n',
      'train recall (in-sample)',
    ],
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

function describeMiss(v: FixtureVerdict, mode: ScoreMode): string {
  if (mode === 'told') {
    const exit = v.fixture.exitCode === undefined ? 'no exit code' : `exit ${v.fixture.exitCode}`;
    const flag = v.told.suspicious ? ' (suspicious_success)' : '';
    return `  ${v.fixture.file} (${exit}): expected ${expectedClass(v.fixture)}, got ${v.told.predicted}${flag}`;
  }
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
  const heldout = scoreHalf(heldoutVerdicts);
  const train = scoreHalf(trainVerdicts);
  const capturedTrain = scoreHalf(trainVerdicts.filter((v) => v.fixture.manifest !== HAND_WRITTEN_MANIFEST));
  if (process.argv.includes('--json')) {
    const summary = (s: CorpusScore) => ({ ...s, misclassified: s.misclassified.length });
    const halves = (h: HalfScores) => ({ blind: summary(h.blind), told: summary(h.told) });
    const trainMisses = train.blind.misclassified.map((v) => ({
      file: v.fixture.file,
      expected: expectedClass(v.fixture),
      got: v.predicted,
      pattern: v.primaryMatch?.pattern,
    }));
    const json = {
      ...(trainOnly ? {} : { heldout: halves(heldout) }),
      train: { ...halves(train), misclassified: trainMisses },
      capturedTrain: halves(capturedTrain),
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const lines = [
    ...(trainOnly ? ['HELD-OUT: not scored (--train-only)'] : headline('HELD-OUT (never read while writing patterns)', heldout)),
    '',
    ...headline('TRAIN, in-sample (read while writing patterns)', train),
    '',
    ...headline('  of which captured by the scripts (manifest.d), in-sample', capturedTrain),
    '',
    ...(trainOnly ? [] : [classTable(heldout, train), '']),
    programTable(fixtures),
  ];
  const misses = (mode: ScoreMode) => (mode === 'blind' ? train.blind : train.told).misclassified;
  for (const mode of ['blind', 'told'] as const) {
    if (misses(mode).length > 0) {
      lines.push(
        '',
        `Misclassified TRAIN fixtures, ${mode} (held-out misses are never listed):`,
        ...misses(mode).map((v) => describeMiss(v, mode)),
      );
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
