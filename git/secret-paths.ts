/**
 * Untracked files that look like secrets are never snapshotted, whatever git.untracked says:
 * env files, private keys and certificates, credential stores. Matched on the file's name (any
 * folder), case-insensitively. Files .gitignore excludes are never snapshotted either (git add
 * honours it); this list is for the ones nobody thought to ignore yet.
 */
import picomatch from 'picomatch';

export const SECRET_PATH_PATTERNS = [
  '.env',
  '.env.*',
  '*.env',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.jks',
  '*.keystore',
  '*.kdbx',
  'id_*',
  '.netrc',
  '.pgpass',
  '.git-credentials',
  '.npmrc',
  '.pypirc',
  '*credentials*.json',
] as const;

const matches = picomatch([...SECRET_PATH_PATTERNS], { basename: true, dot: true, nocase: true });

export function looksSecret(path: string): boolean {
  return matches(path);
}
