/**
 * docs/architecture.md states who may import whom in a table; eslint.config.js enforces the
 * same table (`mayImport`). This keeps the picture people read equal to the rule lint checks.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain-JS config module without types
import { mayImport } from '../../eslint.config.js';

const names = (cell: string): string[] => [...cell.matchAll(/`(\w+)`/g)].map((m) => m[1]!);

describe('docs/architecture.md', () => {
  it('lists for every module exactly the imports eslint.config.js allows', async () => {
    const doc = await readFile(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
    const table = mayImport as Record<string, string[]>;
    const documented: Record<string, string[]> = {};
    for (const line of doc.split('\n')) {
      const row = /^\| (.+?) \| (.+?) \|$/.exec(line);
      if (!row || row[1] === 'module' || row[1]!.startsWith('---')) continue;
      const allowed = row[2] === 'everything' ? Object.keys(table).filter((m) => m !== names(row[1]!)[0]) : names(row[2]!);
      for (const module of names(row[1]!)) documented[module] = allowed;
    }
    const sorted = (entries: Record<string, string[]>) => Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, [...v].sort()]));
    expect(sorted(documented)).toEqual(sorted(table));
  });
});
