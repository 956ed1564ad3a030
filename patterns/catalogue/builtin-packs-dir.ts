import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'etl-cycle';

/**
 * The folder of the built-in packs, `<package root>/patterns/packs`. Found by walking up from
 * this module to etl-cycle's package.json, because the module runs both from the sources
 * (`patterns/catalogue/*.ts`, tests) and from the build (`dist/patterns/catalogue/*.js`), and
 * the build does not copy YAML files: the packs always stay next to package.json (it lists
 * them in `files`).
 */
export function builtinPacksDir(moduleUrl: string = import.meta.url): string {
  const root = packageRoot(moduleUrl);
  // Not inside the package (should not happen): the folder next to this module is the best guess.
  return root === undefined ? join(dirname(fileURLToPath(moduleUrl)), 'packs') : join(root, 'patterns', 'packs');
}

/** etl-cycle's package root (the folder of its package.json) above `moduleUrl`, or undefined. */
export function packageRoot(moduleUrl: string = import.meta.url): string | undefined {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readPackageName(manifest: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
    return typeof parsed.name === 'string' ? parsed.name : undefined;
  } catch {
    return undefined;
  }
}
