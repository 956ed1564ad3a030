/**
 * Reads one env file (the project's `.env`, `--env-file`s, a service's `env_file:`) with dotenv,
 * then interpolates `${VAR}` in values like Compose's own dotenv does: unquoted and double-quoted
 * values are interpolated, single-quoted values are literal.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'dotenv';
import { decodeUtf8 } from '../../core/decode-utf8.js';
import { ComposeError } from '../../core/errors.js';
import { ComposeSource } from './compose-source.js';
import { InterpolationError, interpolateString } from '../../core/interpolate.js';
import type { VariableLookup } from '../../core/interpolate.js';

export interface EnvFileContent {
  values: Record<string, string>;
  /** Variables referenced in values but set nowhere (they became ""). */
  unset: string[];
}

/**
 * The variables of `file`, or undefined when it does not exist. `lookup` resolves references
 * first; variables defined earlier in the same file come next.
 */
export async function readEnvFile(file: string, lookup: VariableLookup): Promise<EnvFileContent | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new ComposeSource(file).error([], 'is a directory, not an env file', error);
    throw new ComposeSource(file).error([], `cannot read the env file (${code ?? String(error)})`, error);
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw new ComposeError(`${file}:${decoded.line}: ${decoded.message}`);
  const text = decoded.text;
  const raw = parse(text);
  const values: Record<string, string> = {};
  const unset: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (isSingleQuoted(text, key)) {
      values[key] = value;
      continue;
    }
    try {
      const result = interpolateString(value, (name) => lookup(name) ?? values[name]);
      values[key] = result.value;
      unset.push(...result.unset);
    } catch (error) {
      if (error instanceof InterpolationError) throw new ComposeSource(file).error([key], error.message, error);
      throw error;
    }
  }
  return { values, unset: [...new Set(unset)] };
}

/** True when the last assignment of `key` in the file has a single-quoted value. */
function isSingleQuoted(text: string, key: string): boolean {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const assignment = new RegExp(`^[ \\t]*(?:export[ \\t]+)?${escaped}[ \\t]*[=:][ \\t]*(.)`, 'gm');
  let last: string | undefined;
  for (const match of text.matchAll(assignment)) last = match[1];
  return last === "'";
}
