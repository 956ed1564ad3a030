/**
 * Loads etl-cycle.yaml in three steps (as changesets does): parse the YAML keeping positions,
 * validate against the schema, normalize. Any problem is a ConfigError with one line naming the
 * file, line, field and what to do.
 */
import { access, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { decodeUtf8 } from '../core/decode-utf8.js';
import { ConfigError, errorMessage } from '../core/errors.js';
import { findNestingProblem } from '../core/yaml-nesting.js';
import { describeIssue, formatPath } from './format-issue.js';
import type { KnownKeys } from './format-issue.js';
import { normalizeConfig } from './normalize-config.js';
import { configSchema } from './schema.js';
import type { EtlCycleConfig } from './types.js';

export const DEFAULT_CONFIG_NAMES = ['etl-cycle.yaml', 'etl-cycle.yml'] as const;

/** The config to use: `explicit` if given (must exist), else etl-cycle.yaml/.yml in `cwd`. */
export async function findConfigFile(cwd: string, explicit?: string): Promise<string> {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!(await exists(path))) throw new ConfigError(`${explicit}: no such file; pass -c with the path of your etl-cycle.yaml`);
    if ((await stat(path)).isDirectory())
      throw new ConfigError(`${explicit}: is a directory; pass -c with the path of your etl-cycle.yaml`);
    return path;
  }
  for (const name of DEFAULT_CONFIG_NAMES) {
    const path = resolve(cwd, name);
    if (await exists(path)) return path;
  }
  throw new ConfigError(`no etl-cycle.yaml in ${cwd}; create one (see examples/postgres-etl/etl-cycle.yaml) or pass -c <file>`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export async function loadConfig(file: string): Promise<EtlCycleConfig> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new ConfigError(`${file}: is a directory, not a file; pass -c with the path of your etl-cycle.yaml`);
    throw new ConfigError(`${file}: cannot read it (${code ?? String(error)})`);
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw new ConfigError(`${file}:${decoded.line}: ${decoded.message}`);
  return parseConfigText(decoded.text, file);
}

/** Anchors a real config uses are a handful; a document that expands thousands is an alias bomb. */
const MAX_ALIAS_COUNT = 100;

export function parseConfigText(text: string, file: string): EtlCycleConfig {
  const nesting = findNestingProblem(text);
  if (nesting) throw new ConfigError(`${file}:${nesting.line}: ${nesting.message}`);
  const lineCounter = new LineCounter();
  // logLevel error: the parser's warnings would reach stderr as extra lines; problems come back as errors.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const { line, col } = lineCounter.linePos(yamlError.pos[0]);
    throw new ConfigError(`${file}${line ? `:${line}` : ''}: invalid YAML: ${oneLine(yamlError.message)}`, {
      location: { file, line: line || undefined, col: col || undefined },
    });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    // Alias bombs (billion laughs) and merges of non-mappings: still the user's YAML at fault.
    const reason = /alias count/i.test(errorMessage(error))
      ? `aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT}); this looks like an alias bomb, write the values out`
      : oneLine(errorMessage(error));
    throw new ConfigError(`${file}: invalid YAML: ${reason}`, { cause: error, location: { file } });
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(`${file}: expected a mapping of settings (orchestrator:, loop:, ...) at the top level`);
  }
  const result = configSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const issues = result.error.issues;
    const first = issues[0]!;
    const { path, message } = describeIssue(first, knownKeysFor);
    const position = positionOf(doc, lineCounter, path);
    const line = position?.line;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    throw new ConfigError(`${file}${line ? `:${line}` : ''}: ${formatPath(path)}: ${message}${more}`, {
      location: { file, line, col: position?.col },
    });
  }
  return normalizeConfig(result.data, dirname(file), file);
}

function oneLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** Line and column of the deepest node of `path` present in the document (a missing key points at its parent). */
function positionOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): { line: number; col: number } | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const prefix = path.slice(0, depth) as (string | number)[];
    const parent = depth > 0 ? doc.getIn(prefix.slice(0, -1), true) : undefined;
    // Point at the key itself when we can (unknown fields, wrong values), else the value node.
    if (depth > 0 && isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === prefix[prefix.length - 1]);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return counter.linePos(range[0]);
    }
    const node = depth === 0 ? doc.contents : doc.getIn(prefix, true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return counter.linePos(range[0]);
  }
  return undefined;
}

/** Field names of the object schema at `path` (walks the schema shape; best effort). */
const knownKeysFor: KnownKeys = (rawPath) => {
  // ['__discriminator__', ...path to a discriminated union's tag] asks for the tag's allowed values.
  const wantTags = rawPath[0] === '__discriminator__';
  const path = wantTags ? rawPath.slice(1, -1) : rawPath;
  let schema: unknown = configSchema;
  for (const key of path) {
    schema = unwrap(schema);
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    if (shape && typeof key === 'string' && key in shape) {
      schema = shape[key];
      continue;
    }
    const def = (schema as { def?: { type?: string; element?: unknown; valueType?: unknown; options?: unknown[] } }).def;
    if (def?.type === 'array') {
      schema = def.element;
      continue;
    }
    if (def?.type === 'record') {
      schema = def.valueType;
      continue;
    }
    return [];
  }
  if (wantTags) {
    const def = (schema as { def?: { options?: { shape?: Record<string, { def?: { values?: unknown[] } }> }[] } }).def;
    return (def?.options ?? []).flatMap((o) => (o.shape?.type?.def?.values ?? []).map(String));
  }
  schema = unwrap(schema);
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
};

function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let i = 0; i < 10; i += 1) {
    const def = (current as { def?: { type?: string; innerType?: unknown; in?: unknown; options?: unknown[] } }).def;
    if (!def) return current;
    if (def.type === 'default' || def.type === 'optional' || def.type === 'nullable' || def.type === 'prefault') current = def.innerType;
    else if (def.type === 'pipe') current = def.in;
    else if (def.type === 'union' && def.options) current = def.options.find((o) => (o as { shape?: unknown }).shape) ?? current;
    else return current;
    if (current === undefined) return schema;
  }
  return current;
}
