/**
 * The built-in catalogue compiled at build time must be what the packs compile to, load the
 * same patterns as reading the packs, and never go stale silently: when the packs change after
 * the build, the loader reads them from YAML instead.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinPacksDir } from '../../../patterns/catalogue/builtin-packs-dir.js';
import { compileCatalogue, writeCompiledCatalogue } from '../../../patterns/checks/compile-catalogue.js';
import { readCompiledCatalogue } from '../../../patterns/catalogue/compiled-catalogue.js';
import type { CompiledCatalogueFile } from '../../../patterns/catalogue/compiled-catalogue.js';
import { buildPrefilter } from '../../../patterns/engine/build-prefilter.js';
import type { Prefilter } from '../../../patterns/engine/build-prefilter.js';
import { listPackFiles } from '../../../patterns/catalogue/pack-files.js';
import { RedosVerdictCache } from '../../../patterns/checks/redos-verdict-cache.js';
import type { CompiledPattern } from '../../../patterns/engine/compiled-pattern.js';
import { loadBuiltinPatterns, loadCatalogueFromFiles } from '../../../patterns/load-catalogue.js';
import { tempDir } from './helpers.js';
import type { TempDir } from './helpers.js';

const DIST_CATALOGUE = fileURLToPath(new URL('../../../dist/patterns/builtin-catalogue.json', import.meta.url));

/** What a pattern is, for comparing: everything the engine uses. */
const essence = (p: CompiledPattern) => ({
  id: p.id,
  class: p.class,
  regex: p.regex.source,
  flags: p.regex.flags,
  hint: p.hint,
  weak: p.weak,
  tier: p.tier,
  pack: p.pack,
  file: p.file,
  literals: p.literals,
  origin: p.origin,
});

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

async function copyOfBuiltinPacks(): Promise<string> {
  const packs = join(dir.path, 'packs');
  await cp(builtinPacksDir(), packs, { recursive: true });
  return packs;
}

describe('the compiled built-in catalogue', () => {
  it('loads the same patterns as reading the packs', async () => {
    const packs = await copyOfBuiltinPacks();
    const out = join(dir.path, 'builtin-catalogue.json');
    await writeFile(out, JSON.stringify((await compileCatalogue(packs, { redos: false })).catalogue));
    const fromYaml = await loadCatalogueFromFiles(await listPackFiles(packs));
    const compiled = await loadBuiltinPatterns(out, packs);
    expect(compiled.map(essence)).toEqual(fromYaml.compiled.map(essence));
    // And the prefilter compiled with them is the one the engine would build.
    const revived = await readCompiledCatalogue(out, packs);
    const built = buildPrefilter(revived!.patterns);
    const shape = (p: Prefilter) => ({
      scan: p.scanLiterals,
      source: p.scanSource,
      groups: p.groups.map((g) => [g.literal, g.patterns.map((x) => x.id)]),
      dependents: [...p.dependents].map(([l, gs]) => [l, gs.map((g) => g.literal)]),
      alwaysRun: p.alwaysRun.map((x) => x.id),
    });
    expect(shape(revived!.prefilter)).toEqual(shape(built));
  });

  it('in dist/ is what the packs compile to now, or (packs changed since the build) is not used', async () => {
    if (!existsSync(DIST_CATALOGUE)) return; // `npm test` builds first; a bare `vitest` run checks the loader above only
    const inDist = JSON.parse(await readFile(DIST_CATALOGUE, 'utf8')) as CompiledCatalogueFile;
    const now = (await compileCatalogue(builtinPacksDir(), { redos: false })).catalogue;
    const fromYaml = await loadCatalogueFromFiles(await listPackFiles(builtinPacksDir()));
    if (inDist.fingerprint === now.fingerprint) expect(inDist).toEqual(now);
    expect((await loadBuiltinPatterns(DIST_CATALOGUE)).map(essence)).toEqual(fromYaml.compiled.map(essence));
  });

  it('is not used once a pack changed after it was compiled: the packs are read instead', async () => {
    const packs = await copyOfBuiltinPacks();
    const out = join(dir.path, 'builtin-catalogue.json');
    await writeFile(out, JSON.stringify((await compileCatalogue(packs, { redos: false })).catalogue));
    const [first] = await listPackFiles(packs);
    const text = await readFile(first!, 'utf8');
    const edited = text.replace(/hint: '([^']*)'/, "hint: 'EDITED $1'");
    expect(edited).not.toBe(text);
    await writeFile(first!, edited);
    const loaded = await loadBuiltinPatterns(out, packs);
    expect(loaded.some((p) => p.hint.startsWith('EDITED '))).toBe(true);
  });

  it('a file of another format, or none, is not used either', async () => {
    const packs = await copyOfBuiltinPacks();
    const out = join(dir.path, 'builtin-catalogue.json');
    const { catalogue } = await compileCatalogue(packs, { redos: false });
    await writeFile(out, JSON.stringify({ ...catalogue, format: 0, patterns: [] }));
    expect((await loadBuiltinPatterns(out, packs)).length).toBe(catalogue.patterns.length);
    expect((await loadBuiltinPatterns(join(dir.path, 'missing.json'), packs)).length).toBe(catalogue.patterns.length);
  });

  it('is not written when a pack has a problem, and the problem names file and pattern', async () => {
    const packs = join(dir.path, 'packs');
    await mkdir(packs);
    await writeFile(
      join(packs, 'zz-bad.yaml'),
      "pack: zz-bad\npatterns:\n  - id: zz-bad.nested\n    class: timeout\n    regex: '(a+)+$'\n    hint: 'x'\n    examples: ['aaaa']\n",
    );
    const out = join(dir.path, 'builtin-catalogue.json');
    const { problems } = await writeCompiledCatalogue(packs, out);
    expect(problems).toEqual([expect.objectContaining({ pattern: 'zz-bad.nested', message: expect.stringMatching(/backtracks/) })]);
    expect(existsSync(out)).toBe(false);
  });
});

describe('RedosVerdictCache', () => {
  it('remembers safe verdicts across runs, per policy', async () => {
    const path = join(dir.path, 'cache', 'redos.json');
    const cache = await RedosVerdictCache.open('degree<=2', path);
    expect(cache.isKnownSafe('a.*b', 'i')).toBe(false);
    cache.rememberSafe('a.*b', 'i');
    await cache.save();
    const again = await RedosVerdictCache.open('degree<=2', path);
    expect(again.isKnownSafe('a.*b', 'i')).toBe(true);
    expect(again.isKnownSafe('a.*b', '')).toBe(false);
    expect((await RedosVerdictCache.open('degree<=1', path)).isKnownSafe('a.*b', 'i')).toBe(false);
  });

  it('starts empty from a broken file', async () => {
    const path = await dir.write('broken.json', '{ not json');
    expect((await RedosVerdictCache.open('degree<=2', path)).isKnownSafe('x', '')).toBe(false);
  });
});
