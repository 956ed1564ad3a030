/**
 * Reads and validates the packs of one level (the built-in packs, or the user's packs, in the
 * order given) and finds ids defined twice within the level. Overriding happens between
 * levels, so a duplicate inside one level is always a mistake.
 */
import type { PackProblem } from './pack-problem.js';
import { readPackFile } from './read-pack-file.js';
import { validatePack } from './validate-pack.js';
import type { ValidatePackContext, ValidatedPack } from './validate-pack.js';

export interface PackLevel {
  packs: ValidatedPack[];
  /** Every problem of every pack of the level, in file order, then cross-file duplicates. */
  problems: PackProblem[];
}

export async function readPackLevel(files: readonly string[], context: ValidatePackContext): Promise<PackLevel> {
  const packs: ValidatedPack[] = [];
  const problems: PackProblem[] = [];
  for (const file of files) {
    const read = await readPackFile(file);
    if (!read.ok) {
      problems.push(read.problem);
      continue;
    }
    const pack = validatePack(file, read.data, context);
    packs.push(pack);
    problems.push(...pack.problems);
  }
  const definedIn = new Map<string, string>();
  for (const pack of packs) {
    for (const pattern of pack.patterns) {
      const other = definedIn.get(pattern.id);
      if (other !== undefined && other !== pack.file)
        problems.push({ file: pack.file, pattern: pattern.id, message: `duplicate id: also defined in ${other}` });
      else definedIn.set(pattern.id, pack.file);
    }
  }
  return { packs, problems };
}
