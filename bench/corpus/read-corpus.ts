/**
 * Reads the failure corpus (test/fixtures/outputs/manifest.yaml and the files it names): the
 * real output of failed and healthy runs, each with the class a human decided is its root
 * cause. Shared by the corpus test and the precision/recall report.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ERROR_CLASS_IDS, UNKNOWN_CLASS } from '../../core/error-classes.js';
import type { FailureClass } from '../../core/error-classes.js';
import type { ContainerFacts } from '../../patterns/types.js';

const entrySchema = z
  .strictObject({
    file: z.string().min(1),
    expected_primary: z.enum([...ERROR_CLASS_IDS, UNKNOWN_CLASS]).nullable(),
    failed: z.boolean(),
    captured_by: z.string().optional(),
    source: z.string().url().optional(),
    facts: z.string().optional(),
    holdout: z.boolean().optional(),
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

const manifestSchema = z.strictObject({ fixtures: z.array(entrySchema).min(1) });

export interface CorpusFixture {
  /** Path relative to the corpus folder, e.g. `postgres/psql-wrong-password.log`. */
  file: string;
  /** The technology folder the file lives in. */
  tech: string;
  /** The root cause; `unknown` for a failed run whose output names no class; null for a healthy run. */
  expected: FailureClass | null;
  failed: boolean;
  text: string;
  facts?: ContainerFacts;
  /** Captured after the packs were written: an out-of-sample check. */
  holdout: boolean;
  provenance: string;
}

export async function readCorpus(corpusDir: string): Promise<CorpusFixture[]> {
  const manifestPath = join(corpusDir, 'manifest.yaml');
  const parsed = manifestSchema.safeParse(parse(await readFile(manifestPath, 'utf8')));
  if (!parsed.success) throw new Error(`${manifestPath}: ${z.prettifyError(parsed.error)}`);
  return Promise.all(
    parsed.data.fixtures.map(async (entry) => {
      const facts =
        entry.facts === undefined ? undefined : factsSchema.parse(JSON.parse(await readFile(join(corpusDir, entry.facts), 'utf8')));
      return {
        file: entry.file,
        tech: entry.file.split('/')[0] ?? '',
        expected: entry.expected_primary,
        failed: entry.failed,
        text: await readFile(join(corpusDir, entry.file), 'utf8'),
        ...(facts === undefined ? {} : { facts }),
        holdout: entry.holdout === true,
        provenance: entry.captured_by ?? entry.source ?? '',
      };
    }),
  );
}
