/**
 * Finds the Compose file in a folder the way `docker compose` does without `-f`: the first of
 * compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml. Unlike Compose, etl-cycle
 * reads that one file only, so an override file next to it is reported rather than merged.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ComposeError } from '../../core/errors.js';

export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;

const OVERRIDE_FILE_NAMES = [
  'compose.override.yaml',
  'compose.override.yml',
  'docker-compose.override.yaml',
  'docker-compose.override.yml',
] as const;

export interface ComposeFileLookup {
  /** Absolute path of the Compose file to use; undefined when the folder has none. */
  file: string | undefined;
  /** Several candidates, or an override file etl-cycle does not read. */
  warnings: string[];
}

export async function locateComposeFile(dir: string): Promise<ComposeFileLookup> {
  const found = await existingFiles(dir, COMPOSE_FILE_NAMES);
  const file = found[0];
  const warnings: string[] = [];
  if (file && found.length > 1) {
    warnings.push(
      `found several Compose files in ${dir}: ${found.join(', ')}; using ${file} (remove the others or name the file explicitly)`,
    );
  }
  if (file) {
    for (const override of await existingFiles(dir, OVERRIDE_FILE_NAMES)) {
      warnings.push(`${override} is not read by etl-cycle (only ${file} is); merge its settings into ${file} if the stack needs them`);
    }
  }
  return { file, warnings };
}

/** The Compose file to use in `dir` (first by Compose's lookup order), or undefined. */
export async function findComposeFile(dir: string): Promise<string | undefined> {
  return (await locateComposeFile(dir)).file;
}

/** The names that exist in `dir`; one that is there but is not a file (a directory) is refused, not skipped. */
async function existingFiles(dir: string, names: readonly string[]): Promise<string[]> {
  const checks = await Promise.all(
    names.map(async (name) => {
      const path = resolve(dir, name);
      const info = await stat(path).catch(() => undefined);
      if (info === undefined) return undefined;
      if (!info.isFile()) {
        throw new ComposeError(
          `${path}: is a ${info.isDirectory() ? 'directory' : 'special file'}, not a Compose file; remove or rename it, or set compose.file`,
        );
      }
      return path;
    }),
  );
  return checks.filter((path): path is string => path !== undefined);
}
