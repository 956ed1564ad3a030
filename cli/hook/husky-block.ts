/**
 * With husky, the project's hooks are shell files in .husky/ (committed, shared by the team),
 * so etl-cycle adds a marked block to .husky/pre-push instead of owning the file: whatever the
 * file ran before still runs first, and uninstall removes exactly the block.
 */
import { portableHookCommand } from './hook-script.js';

const BEGIN = '# >>> etl-cycle pre-push check (etl-cycle hook install / uninstall) >>>';
const END = '# <<< etl-cycle pre-push check <<<';

export function hasHuskyBlock(text: string): boolean {
  return text.includes(BEGIN);
}

export function addHuskyBlock(text: string, args: readonly string[]): string {
  const block = `${BEGIN}\n${portableHookCommand(args)} "$@"\n${END}\n`;
  const without = removeHuskyBlock(text);
  if (without.trim() === '') return block;
  return `${without.replace(/\n*$/, '\n')}${block}`;
}

export function removeHuskyBlock(text: string): string {
  const start = text.indexOf(BEGIN);
  if (start === -1) return text;
  const end = text.indexOf(END, start);
  const after = end === -1 ? text.length : end + END.length + (text[end + END.length] === '\n' ? 1 : 0);
  return text.slice(0, start) + text.slice(after);
}

/** A new .husky/pre-push for husky 4-8, which needs its loader line; husky 9 runs plain files. */
export function newHuskyFile(legacyHusky: boolean): string {
  return legacyHusky ? '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\n' : '';
}
