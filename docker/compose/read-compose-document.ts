/**
 * Reads and parses a Compose file, keeping node positions for located messages. `<<` merge keys
 * are on because Compose files lean on them (`<<: *common-env`), and duplicate keys are an error
 * as they are in Compose.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { decodeUtf8 } from '../../core/decode-utf8.js';
import { ComposeError } from '../../core/errors.js';
import { findNestingProblem } from '../../core/yaml-nesting.js';
import { ComposeSource } from './compose-source.js';

export interface ComposeDocument {
  /** The file's content as plain data (mappings as objects), not yet interpolated. */
  data: Record<string, unknown>;
  source: ComposeSource;
}

export async function readComposeDocument(file: string): Promise<ComposeDocument> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (code === 'EISDIR')
      throw new ComposeError(`${file}: is a directory, not a Compose file; point compose.file at the file`, { cause: error });
    throw new ComposeError(`${file}: cannot read the Compose file (${code})`, { cause: error });
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw new ComposeError(`${file}:${decoded.line}: ${decoded.message}`);
  return parseComposeText(decoded.text, file);
}

export function parseComposeText(text: string, file: string): ComposeDocument {
  const nesting = findNestingProblem(text);
  if (nesting) throw new ComposeError(`${file}:${nesting.line}: ${nesting.message}`);
  const lineCounter = new LineCounter();
  // logLevel error: the parser's warnings would reach stderr as extra lines.
  const document = parseDocument(text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  const yamlError = document.errors[0];
  if (yamlError) {
    const { line, col } = lineCounter.linePos(yamlError.pos[0]);
    const reason = yamlError.message.split('\n')[0] ?? yamlError.code;
    throw new ComposeError(`${file}:${line}:${col}: invalid YAML: ${reason}`, { cause: yamlError });
  }
  const source = new ComposeSource(file, document, lineCounter);
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // toJS fails on alias bombs and on merges of non-mappings: still the user's YAML at fault.
    throw new ComposeError(`${file}: invalid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (data === null || data === undefined) throw source.error([], 'the file is empty; define your stack under services:');
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw source.error(
      [],
      `expected a mapping at the top level (services:, volumes:, ...), got ${Array.isArray(data) ? 'a list' : JSON.stringify(data)}`,
    );
  }
  return { data: data as Record<string, unknown>, source };
}
