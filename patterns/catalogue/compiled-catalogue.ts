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
import { buildPrefilter, escapeLiteral } from '../engine/build-prefilter.js';
import type { LiteralGroup, Prefilter } from '../engine/build-prefilter.js';
import type { CompiledPattern, PatternTier } from '../engine/compiled-pattern.js';
import { fingerprintPackFiles, listPackFiles } from './pack-files.js';

/** Bumped whenever the shape below or what compiling computes changes. */
export const COMPILED_CATALOGUE_FORMAT = 2;

export interface CompiledCatalogueFile {
  format: number;
  /** fingerprintPackFiles() of the pack files it was compiled from. */
  fingerprint: string;
  patterns: CompiledPatternData[];
  /** The prefilter of exactly these patterns (used when no user pack or `disable` changes the set), by index. */
  prefilter: PrefilterData;
}

export interface PrefilterData {
  scanLiterals: string[];
  groups: { literal: string; patterns: number[] }[];
  /** Per scan literal, the indexes of its groups. */
  dependents: number[][];
  alwaysRun: number[];
}

export interface BuiltinCatalogue {
  patterns: CompiledPattern[];
  prefilter: Prefilter;
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
  const prefilter = buildPrefilter(patterns);
  const patternIndex = new Map(patterns.map((p, index) => [p, index]));
  const groupIndex = new Map(prefilter.groups.map((g, index) => [g, index]));
  return {
    format: COMPILED_CATALOGUE_FORMAT,
    fingerprint,
    prefilter: {
      scanLiterals: [...prefilter.scanLiterals],
      groups: prefilter.groups.map((g) => ({ literal: g.literal, patterns: g.patterns.map((p) => patternIndex.get(p) as number) })),
      dependents: prefilter.scanLiterals.map((l) => (prefilter.dependents.get(l) ?? []).map((g) => groupIndex.get(g) as number)),
      alwaysRun: prefilter.alwaysRun.map((p) => patternIndex.get(p) as number),
    },
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
export async function readCompiledCatalogue(path: string, packsDir: string): Promise<BuiltinCatalogue | undefined> {
  let data: CompiledCatalogueFile;
  try {
    data = JSON.parse(await readFile(path, 'utf8')) as CompiledCatalogueFile;
  } catch {
    return undefined;
  }
  if (data.format !== COMPILED_CATALOGUE_FORMAT) return undefined;
  if ((await fingerprintPackFiles(await listPackFiles(packsDir))) !== data.fingerprint) return undefined;
  const patterns: CompiledPattern[] = data.patterns.map((p) => ({
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
  return { patterns, prefilter: revivePrefilter(data.prefilter, patterns) };
}

function revivePrefilter(data: PrefilterData, patterns: readonly CompiledPattern[]): Prefilter {
  const groups: LiteralGroup[] = data.groups.map((g) => ({
    literal: g.literal,
    patterns: g.patterns.map((i) => patterns[i] as CompiledPattern),
  }));
  return {
    scanLiterals: data.scanLiterals,
    scanSource: data.scanLiterals.length === 0 ? null : data.scanLiterals.map(escapeLiteral).join('|'),
    groups,
    dependents: new Map(data.scanLiterals.map((l, i) => [l, (data.dependents[i] ?? []).map((g) => groups[g] as LiteralGroup)])),
    alwaysRun: data.alwaysRun.map((i) => patterns[i] as CompiledPattern),
  };
}
