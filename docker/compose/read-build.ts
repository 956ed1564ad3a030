/**
 * `build:` as a context path or a mapping (context, dockerfile, args, target). The context is
 * resolved against the Compose file's folder; the Dockerfile is kept relative to the context,
 * which is how the engine's build API takes it (so it must lie inside the context). An arg
 * without a value takes the project environment's value, and is left out when there is none.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { BuildSpec } from '../types.js';
import { checkKeys } from './check-keys.js';
import { BUILD_KEYS } from './compose-keys.js';
import { describeValue } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { isMapping, readKeyValues, readString } from './read-field.js';

export interface BuildContext {
  projectDir: string;
  variables: Readonly<Record<string, string>>;
}

const REMOTE_CONTEXT = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

export function readBuild(source: ComposeSource, path: FieldPath, value: unknown, context: BuildContext): BuildSpec {
  const spec: Record<string, unknown> = isMapping(value)
    ? value
    : { context: readString(source, path, value, 'a context path or a mapping with context, dockerfile, args, target') };
  if (isMapping(value)) checkKeys(source, path, value, BUILD_KEYS);
  const contextAt = isMapping(value) ? [...path, 'context'] : path;

  const contextPath = spec.context === undefined ? '.' : readString(source, contextAt, spec.context);
  if (REMOTE_CONTEXT.test(contextPath)) {
    throw source.error(
      contextAt,
      `remote build context ${describeValue(contextPath)} is not supported by etl-cycle; clone it next to the Compose file and point context at the folder`,
    );
  }
  const buildContext = resolve(context.projectDir, contextPath);

  const dockerfileText = spec.dockerfile === undefined ? 'Dockerfile' : readString(source, [...path, 'dockerfile'], spec.dockerfile);
  const dockerfile = isAbsolute(dockerfileText) ? relative(buildContext, dockerfileText) : dockerfileText;
  if (dockerfile === '' || dockerfile === '..' || dockerfile.startsWith(`..${sep}`) || isAbsolute(dockerfile)) {
    throw source.error(
      [...path, 'dockerfile'],
      `${describeValue(dockerfileText)} is outside the build context ${buildContext}; move the Dockerfile into the context or widen the context`,
    );
  }

  const args: Record<string, string> = {};
  for (const [key, arg] of readKeyValues(source, [...path, 'args'], spec.args)) {
    const resolved = arg ?? context.variables[key];
    if (resolved !== undefined) args[key] = resolved;
  }

  const build: BuildSpec = { context: buildContext, dockerfile, args };
  if (spec.target !== undefined) build.target = readString(source, [...path, 'target'], spec.target);
  return build;
}
