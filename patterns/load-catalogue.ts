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
import { builtinPacksDir } from './catalogue/builtin-packs-dir.js';
import { findRedosProblems } from './checks/check-redos.js';
import { applyDisable, mergeOverrides } from './catalogue/merge-overrides.js';
import { packProblemError } from './catalogue/pack-problem.js';
import { PatternCatalogue } from './engine/pattern-catalogue.js';
import { listPackFiles, readPackLevel } from './catalogue/read-pack-level.js';
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

function throwFirst(problems: readonly { file: string; pattern?: string; message: string }[]): void {
  const first = problems[0];
  if (first) throw packProblemError(first);
}
