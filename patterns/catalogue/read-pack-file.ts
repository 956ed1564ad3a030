/**
 * Reads one pack file into plain data: JSON for `.json`, YAML for anything else (YAML is the
 * documented format; JSON is accepted for users who generate packs).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { errorMessage } from '../../core/errors.js';
import type { PackProblem } from './pack-problem.js';

export type ReadPackResult = { ok: true; data: unknown } | { ok: false; problem: PackProblem };

export async function readPackFile(file: string): Promise<ReadPackResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a pack file'
          : `cannot be read (${errorMessage(error)})`;
    return { ok: false, problem: { file, message } };
  }
  return parsePackText(file, text);
}

export function parsePackText(file: string, text: string): ReadPackResult {
  if (extname(file).toLowerCase() === '.json') {
    try {
      return { ok: true, data: JSON.parse(text) };
    } catch (error) {
      return { ok: false, problem: { file, message: `invalid JSON: ${errorMessage(error)}` } };
    }
  }
  const document = parseDocument(text);
  const error = document.errors[0];
  if (error) {
    const where = error.linePos?.[0] ? ` at line ${error.linePos[0].line}` : '';
    // yaml's message ends with " at line L, column C:" and an excerpt of the file; keep what is wrong.
    const what = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
    return { ok: false, problem: { file, message: `invalid YAML${where}: ${what}` } };
  }
  return { ok: true, data: document.toJS() };
}
