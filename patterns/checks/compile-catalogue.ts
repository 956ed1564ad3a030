/**
 * Build time: compiles the built-in packs into the file catalogue/compiled-catalogue.ts reads, after
 * every check `patterns check` runs (schema, regexes, examples, near-misses, ReDoS). A pack
 * with a problem fails the build, naming the file, the pattern and the reason.
 */
import { writeFileAtomically } from '../../core/atomic-write.js';
import { findRedosProblems } from './check-redos.js';
import { toCompiledFile } from '../catalogue/compiled-catalogue.js';
import type { CompiledCatalogueFile } from '../catalogue/compiled-catalogue.js';
import { fingerprintPackFiles, listPackFiles } from '../catalogue/pack-files.js';
import type { PackProblem } from '../catalogue/pack-problem.js';
import { readPackLevel } from '../catalogue/read-pack-level.js';

export interface CompileResult {
  catalogue: CompiledCatalogueFile;
  problems: PackProblem[];
}

export interface CompileOptions {
  /** Run the ReDoS check (default true; tests that only compare contents leave it out). */
  redos?: boolean;
}

export async function compileCatalogue(packsDir: string, options: CompileOptions = {}): Promise<CompileResult> {
  const files = await listPackFiles(packsDir);
  // Fingerprint first: a pack edited while this runs makes the file stale, never silently wrong.
  const fingerprint = await fingerprintPackFiles(files);
  const level = await readPackLevel(files, { origin: 'builtin' });
  const patterns = level.packs.flatMap((pack) => pack.patterns);
  const problems = [...level.problems];
  if (options.redos !== false) problems.push(...(await findRedosProblems(patterns)));
  return { catalogue: toCompiledFile(patterns, fingerprint), problems };
}

/** Compiles and writes the file; returns the problems (nothing is written when there are any). */
export async function writeCompiledCatalogue(packsDir: string, outFile: string): Promise<CompileResult> {
  const result = await compileCatalogue(packsDir);
  if (result.problems.length === 0) await writeFileAtomically(outFile, `${JSON.stringify(result.catalogue)}\n`);
  return result;
}
