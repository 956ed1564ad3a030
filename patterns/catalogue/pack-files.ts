/**
 * The pack files of a folder, and the fingerprint of their contents. Light on purpose (node's
 * fs and crypto only): the fast start-up path uses both to tell whether the compiled built-in
 * catalogue still matches the packs next to it.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

const PACK_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** The pack files of a folder, sorted so loading order never depends on the file system. A missing folder has none. */
export async function listPackFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => PACK_EXTENSIONS.has(extname(name).toLowerCase()))
    .sort()
    .map((name) => join(dir, name));
}

/** SHA-256 over the names and contents of the files, in order: any edit, addition or removal changes it. */
export async function fingerprintPackFiles(files: readonly string[]): Promise<string> {
  const contents = await Promise.all(files.map((file) => readFile(file)));
  const hash = createHash('sha256');
  files.forEach((file, index) => {
    hash
      .update(basename(file))
      .update('\0')
      .update(contents[index] as Buffer)
      .update('\0');
  });
  return hash.digest('hex');
}
