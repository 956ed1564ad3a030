/**
 * Reads the failure corpus: the real output of failed and healthy runs, each with the class
 * decided for it before anyone looked at the output. Shared by the corpus test and the report.
 *
 * Two kinds of manifest list the files (both in test/fixtures/outputs/):
 *  - manifest.yaml, written by hand, whose fixtures were all read while the packs were
 *    written; its top-level `split: train` pins every one of them to the train half;
 *  - manifest.d/<script>.yaml, written by the capture scripts themselves (one entry per
 *    captured case, with its exit code); these fixtures are split by corpusSplitOf.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ERROR_CLASS_IDS, UNKNOWN_CLASS } from '../../core/error-classes.js';
import type { FailureClass } from '../../core/error-classes.js';
import type { ContainerFacts } from '../../patterns/types.js';
import { corpusSplitOf } from './corpus-split.js';
import type { CorpusSplit } from './corpus-split.js';

const entrySchema = z
  .strictObject({
    file: z.string().min(1),
    expected_primary: z.enum([...ERROR_CLASS_IDS, UNKNOWN_CLASS]).nullable(),
    failed: z.boolean(),
    captured_by: z.string().optional(),
    source: z.string().url().optional(),
    facts: z.string().optional(),
    /** The program whose output this mostly is (sqlite3, git, psql, ...): coverage per program. */
    program: z.string().optional(),
    /** The exit code of the captured command (what outcome-aware classification is given). */
    exit_code: z.number().int().optional(),
    notes: z.string().optional(),
  })
  .refine((e) => (e.captured_by === undefined) !== (e.source === undefined), { message: 'exactly one of captured_by and source' })
  .refine((e) => e.failed === (e.expected_primary !== null), { message: 'failed must be true exactly when expected_primary is a class' });

const factsSchema = z.strictObject({
  service: z.string(),
  exitCode: z.number().int().nullable(),
  oomKilled: z.boolean(),
  running: z.boolean(),
  health: z.enum(['starting', 'healthy', 'unhealthy', 'none']).optional(),
});

const manifestSchema = z.strictObject({
  /** `train`: every fixture of this manifest was read while patterns were written. */
  split: z.literal('train').optional(),
  fixtures: z.array(entrySchema),
});

export interface CorpusFixture {
  /** Path relative to the corpus folder, e.g. `postgres/psql-wrong-password.log`. */
  file: string;
  /** The technology folder the file lives in. */
  tech: string;
  /** The program that printed it (defaults to the technology folder). */
  program: string;
  /** The root cause; `unknown` for a failed run whose output names no class; null for a healthy run. */
  expected: FailureClass | null;
  failed: boolean;
  /** The captured command's exit code, where the capture recorded it. */
  exitCode?: number;
  text: string;
  facts?: ContainerFacts;
  split: CorpusSplit;
  /** Which manifest lists it (`manifest.yaml`, `manifest.d/sqlite.yaml`). */
  manifest: string;
  provenance: string;
}

export interface ReadCorpusOptions {
  /** Only these halves are read (their files opened); default both. Tests read `train` only. */
  splits?: readonly CorpusSplit[];
}

export const HAND_WRITTEN_MANIFEST = 'manifest.yaml';
export const CAPTURED_MANIFESTS_DIR = 'manifest.d';

async function manifestFiles(corpusDir: string): Promise<string[]> {
  const captured = await readdir(join(corpusDir, CAPTURED_MANIFESTS_DIR)).catch(() => [] as string[]);
  return [
    HAND_WRITTEN_MANIFEST,
    ...captured
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => `${CAPTURED_MANIFESTS_DIR}/${f}`),
  ];
}

export async function readCorpus(corpusDir: string, options: ReadCorpusOptions = {}): Promise<CorpusFixture[]> {
  const wanted = new Set(options.splits ?? ['train', 'heldout']);
  const fixtures: CorpusFixture[] = [];
  const seen = new Map<string, string>();
  for (const manifest of await manifestFiles(corpusDir)) {
    const manifestPath = join(corpusDir, manifest);
    const parsed = manifestSchema.safeParse(parse(await readFile(manifestPath, 'utf8')));
    if (!parsed.success) throw new Error(`${manifestPath}: ${z.prettifyError(parsed.error)}`);
    for (const entry of parsed.data.fixtures) {
      const earlier = seen.get(entry.file);
      if (earlier !== undefined) throw new Error(`${manifestPath}: ${entry.file} is listed in ${earlier} too`);
      seen.set(entry.file, manifest);
      const split = corpusSplitOf(entry.file, parsed.data.split === 'train');
      if (!wanted.has(split)) continue;
      fixtures.push(await readFixture(corpusDir, manifest, split, entry));
    }
  }
  return fixtures;
}

async function readFixture(
  corpusDir: string,
  manifest: string,
  split: CorpusSplit,
  entry: z.infer<typeof entrySchema>,
): Promise<CorpusFixture> {
  const facts = entry.facts === undefined ? undefined : factsSchema.parse(JSON.parse(await readFile(join(corpusDir, entry.facts), 'utf8')));
  const tech = entry.file.split('/')[0] ?? '';
  return {
    file: entry.file,
    tech,
    program: entry.program ?? tech,
    expected: entry.expected_primary,
    failed: entry.failed,
    ...(entry.exit_code === undefined ? {} : { exitCode: entry.exit_code }),
    text: await readFile(join(corpusDir, entry.file), 'utf8'),
    ...(facts === undefined ? {} : { facts }),
    split,
    manifest,
    provenance: entry.captured_by ?? entry.source ?? '',
  };
}
