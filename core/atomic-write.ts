/**
 * Reports must never be seen half-written (a reader polling logs/, a crash, SIGKILL during a
 * write): write a temp file in the same folder, fsync, rename over the target.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export async function writeFileAtomically(path: string, contents: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, contents, { encoding: 'utf8', fsync: true });
}

export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  await writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`);
}
