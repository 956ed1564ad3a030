/**
 * A service's container environment: its `env_file:`s in order (later files win), then
 * `environment:` on top, as in Compose. A variable listed without a value (`- KEY`, `KEY:`)
 * takes the value of the project environment (shell + .env); when that has none, it is left out
 * (or keeps its env_file value), as `docker run --env-file f -e KEY` does.
 */
import { resolve } from 'node:path';
import { checkKeys } from './check-keys.js';
import { ENV_FILE_KEYS } from './compose-keys.js';
import { describeValue } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { readEnvFile } from './read-env-file.js';
import { isMapping, readBoolean, readKeyValues, readList, readString } from './read-field.js';

export interface ServiceEnvironmentContext {
  /** Folder relative env files are resolved against. */
  projectDir: string;
  /** The project environment (shell overlaid on .env). */
  variables: Readonly<Record<string, string>>;
}

export async function readServiceEnvironment(
  source: ComposeSource,
  path: FieldPath,
  envFile: unknown,
  environment: unknown,
  context: ServiceEnvironmentContext,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const lookup = (name: string): string | undefined => context.variables[name];

  const files = typeof envFile === 'string' ? [envFile] : readList(source, [...path, 'env_file'], envFile, 'a path or a list of paths');
  for (const [index, entry] of files.entries()) {
    const at = typeof envFile === 'string' ? [...path, 'env_file'] : [...path, 'env_file', index];
    const { file, required } = readEnvFileEntry(source, at, entry);
    const absolute = resolve(context.projectDir, file);
    const content = await readEnvFile(absolute, lookup);
    if (!content) {
      if (required)
        throw source.error(
          at,
          `env file ${describeValue(file)} not found (${absolute}); create it, or use the long form with required: false`,
        );
      continue;
    }
    for (const name of content.unset) source.warn(at, `${absolute}: variable ${name} is not set; using an empty string`);
    Object.assign(out, content.values);
  }

  for (const [key, value] of readKeyValues(source, [...path, 'environment'], environment)) {
    const resolved = value ?? lookup(key);
    if (resolved !== undefined) out[key] = resolved;
  }
  return out;
}

function readEnvFileEntry(source: ComposeSource, at: FieldPath, entry: unknown): { file: string; required: boolean } {
  if (!isMapping(entry)) return { file: readString(source, at, entry, 'a path or a mapping with path and required'), required: true };
  checkKeys(source, at, entry, ENV_FILE_KEYS);
  if (entry.path === undefined) throw source.error(at, 'path is required in the long env_file syntax');
  return {
    file: readString(source, [...at, 'path'], entry.path),
    required: entry.required === undefined ? true : readBoolean(source, [...at, 'required'], entry.required),
  };
}
