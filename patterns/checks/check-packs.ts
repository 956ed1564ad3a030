/**
 * `etl-cycle patterns check`: validates pack files with every check there is (schema, regexes,
 * examples, near-misses, ReDoS) and reports all problems and warnings instead of stopping at
 * the first, so a pack author fixes everything in one round. Without paths it checks the
 * built-in packs; the unit suite runs exactly this over patterns/packs/.
 */
import { stat } from 'node:fs/promises';
import { builtinPacksDir } from '../catalogue/builtin-packs-dir.js';
import { findRedosProblems } from './check-redos.js';
import type { PackProblem } from '../catalogue/pack-problem.js';
import { listPackFiles } from '../catalogue/pack-files.js';
import { readPackLevel } from '../catalogue/read-pack-level.js';

export interface PackCheckReport {
  files: string[];
  patterns: number;
  examples: number;
  nearMisses: number;
  problems: PackProblem[];
  warnings: PackProblem[];
}

export interface CheckPacksOptions {
  /** Run the ReDoS check (default true; a few hundred ms per regex that is not trivially safe). */
  redos?: boolean;
}

/** Checks `paths` (files, or folders of pack files) as user packs, or the built-in packs when none are given. */
export async function checkPacks(paths: readonly string[] = [], options: CheckPacksOptions = {}): Promise<PackCheckReport> {
  const builtinFiles = await listPackFiles(builtinPacksDir());
  const asUser = paths.length > 0;
  const files = asUser ? await expandPaths(paths) : builtinFiles;
  // User packs may override built-in ids: collect them from whatever built-in packs are valid.
  const overridableIds = asUser
    ? new Set((await readPackLevel(builtinFiles, { origin: 'builtin' })).packs.flatMap((p) => p.patterns.map((x) => x.id)))
    : undefined;
  const level = await readPackLevel(files, asUser ? { origin: 'user', overridableIds } : { origin: 'builtin' });
  const patterns = level.packs.flatMap((p) => p.patterns);
  const problems = [...level.problems];
  if (options.redos !== false) problems.push(...(await findRedosProblems(patterns)));
  return {
    files,
    patterns: level.packs.reduce((n, p) => n + p.patterns.length, 0),
    examples: level.packs.reduce((n, p) => n + p.examples, 0),
    nearMisses: level.packs.reduce((n, p) => n + p.nearMisses, 0),
    problems,
    warnings: level.packs.flatMap((p) => p.warnings),
  };
}

async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const isDir = await stat(path).then(
      (s) => s.isDirectory(),
      () => false,
    );
    // A missing file is kept: reading it reports "no such file" as a problem of that file.
    files.push(...(isDir ? await listPackFiles(path) : [path]));
  }
  return files;
}
