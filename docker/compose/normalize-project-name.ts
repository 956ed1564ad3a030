/**
 * Compose project names: lowercase letters, digits, `_` and `-`, starting with a letter or a
 * digit. Names etl-cycle derives (the Compose file's folder) are normalized the way Compose
 * does it; names the user writes (`name:`, the project option) must already be valid.
 */

const VALID_PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** Compose's normalization: lowercase, drop every other character, trim leading `_`/`-` ("My App!" → "myapp"). */
export function normalizeProjectName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '')
    .replace(/^[_-]+/, '');
}

export function isValidProjectName(name: string): boolean {
  return VALID_PROJECT_NAME.test(name);
}
