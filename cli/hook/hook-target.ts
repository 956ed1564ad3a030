/**
 * Where a pre-push hook of this repository belongs, by the hook manager the project uses:
 *   lefthook  a lefthook.yml at the top of the work tree (lefthook writes .git/hooks itself);
 *   husky     core.hooksPath pointing into .husky/ (husky 9: `.husky/_`, husky 4-8: `.husky`):
 *             the hook is the committed file .husky/pre-push;
 *   git       the folder git runs hooks from (core.hooksPath if set, else .git/hooks).
 */
import { access } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { HooksLocation } from '../../git/locate-hooks.js';
import { LEFTHOOK_FILES } from './lefthook-config.js';

export type HookTarget =
  | { kind: 'lefthook'; file: string; hooksDir: string }
  | { kind: 'husky'; file: string; legacy: boolean }
  | { kind: 'git'; file: string; hooksDir: string };

export async function findHookTarget(location: HooksLocation): Promise<HookTarget> {
  for (const name of LEFTHOOK_FILES) {
    const file = join(location.root, name);
    if (await exists(file)) return { kind: 'lefthook', file, hooksDir: location.hooksDir };
  }
  const huskyDir = join(location.root, '.husky');
  const inHusky = location.hooksPath !== undefined && isInside(huskyDir, location.hooksDir);
  if (inHusky) {
    // husky 9 points core.hooksPath at .husky/_ (its own generated runners); 4-8 at .husky itself.
    const legacy = resolve(location.hooksDir) === resolve(huskyDir);
    return { kind: 'husky', file: join(huskyDir, 'pre-push'), legacy };
  }
  return { kind: 'git', file: join(location.hooksDir, 'pre-push'), hooksDir: location.hooksDir };
}

export function describeTarget(target: HookTarget, root: string): string {
  const shown = (path: string) => (isInside(root, path) ? relative(root, path) || '.' : path);
  switch (target.kind) {
    case 'lefthook':
      return `lefthook (${shown(target.file)})`;
    case 'husky':
      return `husky (${shown(target.file)})`;
    case 'git':
      return shown(target.file);
  }
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
