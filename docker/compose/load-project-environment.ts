/**
 * The variables Compose interpolation sees: the process environment (or the one the caller
 * passes) overlaid on the project's env files. Like `docker compose`, the files are the `.env`
 * next to the Compose file (optional), or, when env files are named explicitly (`--env-file`),
 * those instead (each required); later files win over earlier ones and the environment wins
 * over every file.
 */
import { join, resolve } from 'node:path';
import { ComposeError } from '../../core/errors.js';
import { readEnvFile } from './read-env-file.js';

export interface ProjectEnvironmentOptions {
  /** Folder of the Compose file: where `.env` is looked for and relative env files are resolved. */
  projectDir: string;
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Replace the default `.env` (relative paths are resolved against projectDir). */
  envFiles?: string[];
}

export interface ProjectEnvironment {
  variables: Record<string, string>;
  warnings: string[];
}

export async function loadProjectEnvironment(options: ProjectEnvironmentOptions): Promise<ProjectEnvironment> {
  const base = definedOnly(options.env ?? process.env);
  const explicit = options.envFiles !== undefined;
  const files = explicit ? options.envFiles!.map((file) => resolve(options.projectDir, file)) : [join(options.projectDir, '.env')];
  const fromFiles: Record<string, string> = {};
  const warnings: string[] = [];
  for (const file of files) {
    const content = await readEnvFile(file, (name) => base[name] ?? fromFiles[name]);
    if (!content) {
      if (explicit) throw new ComposeError(`${file}: env file not found; create it or remove it from the env files`);
      continue;
    }
    Object.assign(fromFiles, content.values);
    for (const name of content.unset) warnings.push(`${file}: variable ${name} is not set; using an empty string`);
  }
  return { variables: { ...fromFiles, ...base }, warnings };
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
