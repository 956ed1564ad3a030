/**
 * Loads the pattern catalogue: the built-in packs, then the user's packs in the order given (a
 * user pattern with a built-in id replaces it in place; later user packs may not redefine an id
 * of an earlier one), then switches off the `disable` ids. The first problem found throws a
 * one-line PatternPackError naming the file, the pattern id and the reason.
 *
 * Start-up is the point of the shape: the built-in packs come from the catalogue compiled and
 * checked at build time (catalogue/compiled-catalogue.ts, milliseconds), and the modules that
 * read and check packs (yaml, zod, regexpp, recheck) are loaded only when there are packs to
 * read: user packs (validated and ReDoS-checked every time they are given), or built-in packs
 * that changed since the build (or no build: running from the sources), which are validated as
 * at build time but not ReDoS-checked here (the build, the test suite and `patterns check` do).
 */
import { fileURLToPath } from 'node:url';
import { applyDisable, mergeOverrides } from './catalogue/merge-overrides.js';
import { builtinPacksDir } from './catalogue/builtin-packs-dir.js';
import { readCompiledCatalogue } from './catalogue/compiled-catalogue.js';
import type { BuiltinCatalogue } from './catalogue/compiled-catalogue.js';
import { buildPrefilter } from './engine/build-prefilter.js';
import { listPackFiles } from './catalogue/pack-files.js';
import { packProblemError } from './catalogue/pack-problem.js';
import type { PackProblem } from './catalogue/pack-problem.js';
import type { CompiledPattern } from './engine/compiled-pattern.js';
import { PatternCatalogue } from './engine/pattern-catalogue.js';
import type { LoadCatalogueOptions } from './types.js';

/** Where `npm run build` writes the compiled built-in catalogue: next to this module in dist/. */
export const COMPILED_CATALOGUE_URL = new URL('./builtin-catalogue.json', import.meta.url);

export async function loadCatalogue(options: LoadCatalogueOptions = {}): Promise<PatternCatalogue> {
  if (options.builtin === false) return combine([], options);
  const builtin = await loadBuiltinCatalogue();
  // The built-in set as it is: its prefilter came compiled too.
  if ((options.packs ?? []).length === 0 && (options.disable ?? []).length === 0) {
    return new PatternCatalogue(builtin.patterns, builtin.prefilter);
  }
  return combine(builtin.patterns, options);
}

/** loadCatalogue with the built-in pack files named explicitly (tests and the benchmark use other packs as built-ins). */
export async function loadCatalogueFromFiles(
  builtinFiles: readonly string[],
  options: LoadCatalogueOptions = {},
): Promise<PatternCatalogue> {
  return combine(options.builtin === false ? [] : await readBuiltinPacks(builtinFiles), options);
}

/** The compiled built-in patterns, or (no build, or packs changed since) the packs read from YAML. */
export async function loadBuiltinPatterns(
  compiledFile: string = fileURLToPath(COMPILED_CATALOGUE_URL),
  packsDir: string = builtinPacksDir(),
): Promise<CompiledPattern[]> {
  return (await loadBuiltinCatalogue(compiledFile, packsDir)).patterns;
}

/** loadBuiltinPatterns with the prefilter of those patterns (compiled with them, or built here). */
async function loadBuiltinCatalogue(
  compiledFile: string = fileURLToPath(COMPILED_CATALOGUE_URL),
  packsDir: string = builtinPacksDir(),
): Promise<BuiltinCatalogue> {
  const compiled = await readCompiledCatalogue(compiledFile, packsDir);
  if (compiled) return compiled;
  const patterns = await readBuiltinPacks(await listPackFiles(packsDir));
  return { patterns, prefilter: buildPrefilter(patterns) };
}

async function readBuiltinPacks(files: readonly string[]): Promise<CompiledPattern[]> {
  const { readPackLevel } = await import('./catalogue/read-pack-level.js');
  const level = await readPackLevel(files, { origin: 'builtin' });
  throwFirst(level.problems);
  return level.packs.flatMap((pack) => pack.patterns);
}

async function combine(builtin: CompiledPattern[], options: LoadCatalogueOptions): Promise<PatternCatalogue> {
  const packs = options.packs ?? [];
  const user = packs.length === 0 ? [] : await readUserPacks(packs, new Set(builtin.map((p) => p.id)));
  return new PatternCatalogue(applyDisable(mergeOverrides(builtin, user), options.disable ?? []));
}

/** User packs get every check, the ReDoS check included. */
async function readUserPacks(files: readonly string[], overridableIds: ReadonlySet<string>): Promise<CompiledPattern[]> {
  const [{ readPackLevel }, { findRedosProblems }] = await Promise.all([
    import('./catalogue/read-pack-level.js'),
    import('./checks/check-redos.js'),
  ]);
  const level = await readPackLevel(files, { origin: 'user', overridableIds });
  throwFirst(level.problems);
  const user = level.packs.flatMap((pack) => pack.patterns);
  throwFirst(await findRedosProblems(user));
  return user;
}

function throwFirst(problems: readonly PackProblem[]): void {
  const first = problems[0];
  if (first) throw packProblemError(first);
}
