import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * etl-cycle's package root, found upwards from `moduleUrl`: the benchmark runs from dist/bench/
 * but its stacks, contender scripts and the CLI launcher stay in the checkout.
 */
export function findPackageRoot(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'etl-cycle') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no etl-cycle package.json above ${fileURLToPath(moduleUrl)}`);
    dir = parent;
  }
}
