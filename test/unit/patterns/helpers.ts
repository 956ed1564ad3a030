/**
 * Test helpers: catalogues from inline YAML packs (validated like any pack, without the slow
 * ReDoS check, which has its own tests), and temporary pack files for loader tests.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PatternCatalogue } from '../../../patterns/engine/pattern-catalogue.js';
import { parsePackText } from '../../../patterns/catalogue/read-pack-file.js';
import { validatePack } from '../../../patterns/catalogue/validate-pack.js';

export function catalogueOf(...packs: { file: string; yaml: string }[]): PatternCatalogue {
  const compiled = packs.flatMap(({ file, yaml }) => {
    const read = parsePackText(file, yaml);
    if (!read.ok) throw new Error(read.problem.message);
    const pack = validatePack(file, read.data, { origin: 'builtin' });
    if (pack.problems.length > 0) throw new Error(pack.problems.map((p) => p.message).join('; '));
    return pack.patterns;
  });
  return new PatternCatalogue(compiled);
}

export interface TempDir {
  path: string;
  write(name: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

export async function tempDir(): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), 'etl-cycle-patterns-'));
  return {
    path,
    async write(name, text) {
      const file = join(path, name);
      await writeFile(file, text);
      return file;
    },
    remove: () => rm(path, { recursive: true, force: true }),
  };
}
