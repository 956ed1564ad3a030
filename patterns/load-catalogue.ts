/**
 * Loads the pattern catalogue: the built-in packs (every file in patterns/packs/), then the
 * user's packs in the order given (a user pattern with a built-in id replaces it in place;
 * later user packs may not redefine an id of an earlier one), then switches off the
 * `disable` ids. The first problem found throws a one-line PatternPackError naming the file,
 * the pattern id and the reason.
 *
 * Built-in packs are validated (schema, regexes, examples, near-misses) but not ReDoS-checked
 * here: that check takes a few hundred milliseconds per regex, and the built-ins are verified
 * by the test suite and `etl-cycle patterns check`. User packs get every check.
 */
import { PatternPackError } from '../core/errors.js';
import { builtinPacksDir } from './builtin-packs-dir.js';
import { findRedosProblems } from './check-redos.js';
import type { CompiledPattern } from './compiled-pattern.js';
import { packProblemError } from './pack-problem.js';
import { PatternCatalogue } from './pattern-catalogue.js';
import { listPackFiles, readPackLevel } from './read-pack-level.js';
import type { LoadCatalogueOptions } from './types.js';

export async function loadCatalogue(options: LoadCatalogueOptions = {}): Promise<PatternCatalogue> {
  const builtinFiles = options.builtin === false ? [] : await listPackFiles(builtinPacksDir());
  return loadCatalogueFromFiles(builtinFiles, options);
}

/** loadCatalogue with the built-in pack files named explicitly (tests use fixture packs as built-ins). */
export async function loadCatalogueFromFiles(
  builtinFiles: readonly string[],
  options: LoadCatalogueOptions = {},
): Promise<PatternCatalogue> {
  const builtinLevel = await readPackLevel(options.builtin === false ? [] : builtinFiles, { origin: 'builtin' });
  throwFirst(builtinLevel.problems);
  const builtin = builtinLevel.packs.flatMap((pack) => pack.patterns);
  const builtinIds = new Set(builtin.map((p) => p.id));

  const userLevel = await readPackLevel(options.packs ?? [], { origin: 'user', overridableIds: builtinIds });
  throwFirst(userLevel.problems);
  const user = userLevel.packs.flatMap((pack) => pack.patterns);
  throwFirst(await findRedosProblems(user));

  const merged = mergeOverrides(builtin, user);
  return new PatternCatalogue(applyDisable(merged, options.disable ?? []));
}

function mergeOverrides(builtin: readonly CompiledPattern[], user: readonly CompiledPattern[]): CompiledPattern[] {
  const overrides = new Map(user.map((p) => [p.id, p]));
  const merged = builtin.map((p) => overrides.get(p.id) ?? p);
  const builtinIds = new Set(builtin.map((p) => p.id));
  merged.push(...user.filter((p) => !builtinIds.has(p.id)));
  return merged;
}

function applyDisable(patterns: CompiledPattern[], disable: readonly string[]): CompiledPattern[] {
  const known = new Set(patterns.map((p) => p.id));
  for (const id of disable) {
    if (!known.has(id)) {
      throw new PatternPackError(`cannot disable unknown pattern id "${id}"`, {
        hint: 'List the pattern ids with `etl-cycle patterns list`.',
      });
    }
  }
  const off = new Set(disable);
  return patterns.filter((p) => !off.has(p.id));
}

function throwFirst(problems: readonly { file: string; pattern?: string; message: string }[]): void {
  const first = problems[0];
  if (first) throw packProblemError(first);
}
