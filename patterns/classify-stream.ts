/**
 * Classifying whole inputs (a log file, stdin, a string) for `etl-cycle classify` and the
 * benchmark: the input is read in large chunks and fed to one stream classifier, so memory
 * stays bounded by the chunk size whatever the input size.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { UsageError } from '../core/errors.js';
import type { Catalogue, Classification, OutputSource } from './types.js';

/** Large reads: per-chunk overhead vanishes, and the prefilter's one pass works on long stretches. */
export const READ_CHUNK_BYTES = 1 << 20;

export interface ClassifyInputOptions {
  /** Source name the matches carry (default `input`). */
  source?: OutputSource;
  /** Whether the run that printed it failed (default true: someone asks because something failed). */
  failed?: boolean;
}

export async function classifyStream(catalogue: Catalogue, input: Readable, options: ClassifyInputOptions = {}): Promise<Classification> {
  const source = options.source ?? 'input';
  const classifier = catalogue.createClassifier();
  // Decodes across chunk boundaries: a UTF-8 character split between two reads stays whole.
  const decoder = new StringDecoder('utf8');
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (text.length > 0) classifier.write(source, text);
  }
  const rest = decoder.end();
  if (rest.length > 0) classifier.write(source, rest);
  classifier.end(source);
  return classifier.result({ failed: options.failed ?? true });
}

export async function classifyFile(catalogue: Catalogue, path: string, options: ClassifyInputOptions = {}): Promise<Classification> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UsageError(`${path} is a directory; give a log file (or - for stdin)`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}`);
  }
  return classifyStream(catalogue, createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), options);
}

export function classifyText(catalogue: Catalogue, text: string, options: ClassifyInputOptions = {}): Classification {
  const source = options.source ?? 'input';
  const classifier = catalogue.createClassifier();
  classifier.write(source, text);
  classifier.end(source);
  return classifier.result({ failed: options.failed ?? true });
}
