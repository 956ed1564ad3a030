/**
 * Temporary project folders for the Compose loader tests: write a compose.yaml (and .env,
 * env files, ...) into a fresh folder, load it, and remove every folder after each test.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { ComposeError } from '../../../core/errors.js';
import { loadComposeProject } from '../../../docker/compose/load-compose-project.js';
import type { LoadComposeOptions, LoadedComposeProject } from '../../../docker/compose/load-compose-project.js';
import type { ServiceModel } from '../../../docker/types.js';

const created: string[] = [];

afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh folder named `name` (the default project name) holding `files` (path → content). */
export async function projectDir(files: Record<string, string>, name = 'etl-stack'): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'etl-cycle-compose-'));
  created.push(parent);
  const dir = join(parent, name);
  await mkdir(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** Loads `yaml` as compose.yaml from a fresh folder, with an empty environment unless given. */
export async function loadYaml(
  yaml: string,
  options: Partial<LoadComposeOptions> & { files?: Record<string, string> } = {},
): Promise<LoadedComposeProject & { dir: string }> {
  const { files, ...rest } = options;
  const dir = await projectDir({ 'compose.yaml': yaml, ...files });
  const loaded = await loadComposeProject({ env: {}, ...rest, file: join(dir, 'compose.yaml') });
  return { ...loaded, dir };
}

export async function loadService(
  yaml: string,
  name: string,
  options: Partial<LoadComposeOptions> & { files?: Record<string, string> } = {},
): Promise<ServiceModel> {
  const { project } = await loadYaml(yaml, options);
  const service = project.services.find((candidate) => candidate.name === name);
  if (!service) throw new Error(`no service ${name} in ${project.services.map((s) => s.name).join(', ')}`);
  return service;
}

/** The ComposeError loading `yaml` throws (fails the test when it loads). */
export async function composeError(
  yaml: string,
  options: Partial<LoadComposeOptions> & { files?: Record<string, string> } = {},
): Promise<ComposeError> {
  try {
    await loadYaml(yaml, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ComposeError);
    const composeError = error as ComposeError;
    expect(composeError.code).toBe('E_COMPOSE');
    expect(composeError.message.split('\n')).toHaveLength(1);
    return composeError;
  }
  throw new Error('expected a ComposeError, but the file loaded');
}
