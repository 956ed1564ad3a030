/**
 * The text for a child that never started, as the OS reported it (`spawn nosuchcmd ENOENT`),
 * so the failure classifier matches it like any other output. A missing working directory is
 * reported by the OS as the *program* being missing (ENOENT on spawn), which sends users
 * looking for the wrong thing: name the directory when that is the real cause.
 */
import { stat } from 'node:fs/promises';

export async function describeSpawnError(cause: unknown, cwd: string): Promise<string> {
  const osText = cause instanceof Error ? cause.message : String(cause);
  const info = await stat(cwd).catch(() => undefined);
  if (info === undefined) return `${osText} (working directory ${cwd} does not exist)`;
  if (!info.isDirectory()) return `${osText} (working directory ${cwd} is not a directory)`;
  return osText;
}
