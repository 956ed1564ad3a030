/**
 * The built-in catalogue compiled at build time (`npm run build` writes
 * dist/patterns/builtin-catalogue.json): every pattern already validated (schema, examples,
 * near-misses) and ReDoS-checked, with its prefilter literals derived. Loading it is one JSON
 * parse and a RegExp per pattern, instead of parsing YAML, validating with zod and walking
 * regex syntax trees on every start. Light on purpose: node's fs and crypto only.
 *
 * It cannot go stale silently: it records the fingerprint of the pack files it was compiled
 * from (pack-files.ts), and the loader compares it with the packs it finds. A mismatch (a pack
 * edited after the build) means the packs are read from YAML instead, as without a build.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ErrorClassId } from '../../core/error-classes.js';
import type { CompiledPattern, PatternTier } from '../engine/compiled-pattern.js';
import { fingerprintPackFiles, listPackFiles } from './pack-files.js';

/** Bumped whenever the shape below or what compiling computes changes. */
export const COMPILED_CATALOGUE_FORMAT = 1;

export interface CompiledCatalogueFile {
  format: number;
  /** fingerprintPackFiles() of the pack files it was compiled from. */
  fingerprint: string;
  patterns: CompiledPatternData[];
}

export interface CompiledPatternData {
  id: string;
  class: ErrorClassId;
  source: string;
  flags: string;
  hint: string;
  weak: boolean;
  tier: PatternTier;
  pack: string;
  /** The pack file's name within the packs folder. */
  file: string;
  literals: string[];
}

export function toCompiledFile(patterns: readonly CompiledPattern[], fingerprint: string): CompiledCatalogueFile {
  return {
    format: COMPILED_CATALOGUE_FORMAT,
    fingerprint,
    patterns: patterns.map((p) => ({
      id: p.id,
      class: p.class,
      source: p.regex.source,
      flags: p.regex.flags,
      hint: p.hint,
      weak: p.weak,
      tier: p.tier,
      pack: p.pack,
      file: basename(p.file),
      literals: [...p.literals],
    })),
  };
}

/**
 * The built-in patterns from the compiled file, or undefined when there is none (running from
 * the sources), it has another format, or the packs in `packsDir` are not the ones it was
 * compiled from.
 */
export async function readCompiledCatalogue(path: string, packsDir: string): Promise<CompiledPattern[] | undefined> {
  let data: CompiledCatalogueFile;
  try {
    data = JSON.parse(await readFile(path, 'utf8')) as CompiledCatalogueFile;
  } catch {
    return undefined;
  }
  if (data.format !== COMPILED_CATALOGUE_FORMAT) return undefined;
  if ((await fingerprintPackFiles(await listPackFiles(packsDir))) !== data.fingerprint) return undefined;
  return data.patterns.map((p) => ({
    id: p.id,
    class: p.class,
    regex: new RegExp(p.source, p.flags),
    hint: p.hint,
    weak: p.weak,
    tier: p.tier,
    pack: p.pack,
    origin: 'builtin',
    file: join(packsDir, p.file),
    literals: p.literals,
    examples: [],
    nearMisses: [],
  }));
}
