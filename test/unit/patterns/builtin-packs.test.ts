/**
 * Every built-in pack passes `etl-cycle patterns check` (the same function): schema, regexes,
 * every example matches, no near-miss matches, no regex the ReDoS check flags. It picks up
 * whatever packs exist in patterns/packs/.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinPacksDir } from '../../../patterns/catalogue/builtin-packs-dir.js';
import { checkPacks } from '../../../patterns/checks/check-packs.js';
import { formatPackProblem } from '../../../patterns/catalogue/pack-problem.js';
import { listPackFiles } from '../../../patterns/catalogue/pack-files.js';

describe('built-in packs', () => {
  it('pass patterns check: examples, near-misses, ReDoS', { timeout: 600_000 }, async () => {
    const files = await listPackFiles(builtinPacksDir());
    const report = await checkPacks();
    expect(report.problems.map(formatPackProblem)).toEqual([]);
    expect(report.files).toEqual(files);
    // Every pattern of every file was checked, not skipped.
    let declared = 0;
    let examples = 0;
    for (const file of files) {
      const data = parse(await readFile(file, 'utf8')) as { patterns: { examples: unknown[]; near_misses?: unknown[] }[] };
      declared += data.patterns.length;
      examples += data.patterns.reduce((n, p) => n + p.examples.length, 0);
    }
    expect(report.patterns).toBe(declared);
    expect(report.examples).toBe(examples);
  });

  it('live in <package root>/patterns/packs, found from the sources and from dist/', () => {
    const fromSource = builtinPacksDir();
    expect(fromSource.endsWith('/patterns/packs')).toBe(true);
    const fromDist = builtinPacksDir(new URL('../../../dist/patterns/catalogue/builtin-packs-dir.js', import.meta.url).href);
    expect(fromDist).toBe(fromSource);
  });
});
