/**
 * Classifying whole inputs (a log file, stdin, a string) for `etl-cycle classify` and the
 * benchmark: the input is read in large chunks and fed to one stream classifier, so memory
 * stays bounded by the chunk size whatever the input size.
 */
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { UsageError } from '../../core/errors.js';
import type { Catalogue, Classification, OutputSource, StreamClassifier } from '../types.js';

/**
 * Reads of this size into two reused buffers (no per-chunk allocation: the bytes are scanned
 * as they are, so memory stays flat): large enough that per-read costs vanish.
 */
export const READ_CHUNK_BYTES = 512 * 1024;

/** A classifier that also takes raw bytes (the engine's own does). */
interface ByteClassifier extends StreamClassifier {
  writeBytes(source: OutputSource, bytes: Uint8Array): void;
}

function takesBytes(classifier: StreamClassifier): classifier is ByteClassifier {
  return typeof (classifier as Partial<ByteClassifier>).writeBytes === 'function';
}

export interface ClassifyInputOptions {
  /** Source name the matches carry (default `input`). */
  source?: OutputSource;
  /** Whether the run that printed it failed (default: from `exitCode`; true without one, as someone asks because something failed). */
  failed?: boolean;
  /** The exit code of the process that printed it, when known. */
  exitCode?: number | null;
}

function finish(classifier: StreamClassifier, source: OutputSource, options: ClassifyInputOptions): Classification {
  classifier.end(source, options.exitCode === undefined ? {} : { exitCode: options.exitCode });
  return classifier.result(options.failed === undefined ? {} : { failed: options.failed });
}

export async function classifyStream(catalogue: Catalogue, input: Readable, options: ClassifyInputOptions = {}): Promise<Classification> {
  const source = options.source ?? 'input';
  const classifier = catalogue.createClassifier();
  // Decodes across chunk boundaries (for a classifier that only takes text): a UTF-8 character split between two reads stays whole.
  const decoder = new StringDecoder('utf8');
  for await (const chunk of input) {
    if (typeof chunk !== 'string' && takesBytes(classifier)) {
      classifier.writeBytes(source, chunk as Buffer);
      continue;
    }
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (text.length > 0) classifier.write(source, text);
  }
  const rest = decoder.end();
  if (rest.length > 0) classifier.write(source, rest);
  return finish(classifier, source, options);
}

export async function classifyFile(catalogue: Catalogue, path: string, options: ClassifyInputOptions = {}): Promise<Classification> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UsageError(`${path} is a directory; give a log file (or - for stdin)`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}`);
  }
  const source = options.source ?? 'input';
  const classifier = catalogue.createClassifier();
  const file = await open(path, 'r');
  try {
    // Two buffers: the next read runs in the thread pool while this chunk is classified.
    let [current, spare] = [Buffer.allocUnsafe(READ_CHUNK_BYTES), Buffer.allocUnsafe(READ_CHUNK_BYTES)];
    const decoder = new StringDecoder('utf8');
    let reading = file.read(current, 0, current.length, null);
    for (;;) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) break;
      reading = file.read(spare, 0, spare.length, null);
      const chunk = current.subarray(0, bytesRead);
      if (takesBytes(classifier)) classifier.writeBytes(source, chunk);
      else classifier.write(source, decoder.write(chunk));
      [current, spare] = [spare, current];
    }
    if (!takesBytes(classifier)) classifier.write(source, decoder.end());
  } finally {
    await file.close();
  }
  return finish(classifier, source, options);
}

export function classifyText(catalogue: Catalogue, text: string, options: ClassifyInputOptions = {}): Classification {
  const source = options.source ?? 'input';
  const classifier = catalogue.createClassifier();
  classifier.write(source, text);
  return finish(classifier, source, options);
}
