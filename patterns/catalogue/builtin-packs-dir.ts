import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'etl-cycle';

/**
 * The folder of the built-in packs, `<package root>/patterns/packs`. Found by walking up from
 * this module to etl-cycle's package.json, because the module runs both from the sources
 * (`patterns/*.ts`, tests) and from the build (`dist/patterns/*.js`), and the build does not
 * copy YAML files: the packs always stay next to package.json (it lists them in `files`).
 */
export function builtinPacksDir(moduleUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === PACKAGE_NAME) return join(dir, 'patterns', 'packs');
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // Not inside the package (should not happen): the folder next to this module is the best guess.
  return join(dirname(fileURLToPath(moduleUrl)), 'packs');
}

function readPackageName(manifest: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
    return typeof parsed.name === 'string' ? parsed.name : undefined;
  } catch {
    return undefined;
  }
}
