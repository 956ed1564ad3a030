/**
 * Where a child's output goes, chunk by chunk as it arrives: the log file (complete lines,
 * secrets masked), the bounded tail, `onOutput` (decoded text) and `onLine` (complete lines, as
 * printed: the classifier needs the real text). Each stream has its
 * own UTF-8 decoder, so a character split across two reads is emitted whole, once.
 */
import { StringDecoder } from 'node:string_decoder';
import { maskSecrets } from '../core/secret-masker.js';
import { LineSplitter } from './line-splitter.js';
import { OutputTail } from './output-tail.js';
import type { LogFile } from './open-log-file.js';
import type { RunProcessOptions } from './types.js';

export type StreamName = 'stdout' | 'stderr';

/** Longest line handed to `onLine` in one piece; longer ones arrive cut into parts. */
export const MAX_LINE_LENGTH = 64 * 1024;

export interface OutputRouter {
  /** A raw chunk read from the child. False: the log file is behind, pause until `logFile.onDrain`. */
  write(stream: StreamName, chunk: Buffer): boolean;
  /** Text etl-cycle itself reports as if the child had printed it (a spawn error). */
  writeText(stream: StreamName, text: string): void;
  /** The stream ended: hand out a split character and a last line without newline. */
  end(stream: StreamName): void;
  tail(): string;
  /** The first error a callback threw; callbacks are not called again after it. */
  callbackError(): { error: unknown } | undefined;
}

export interface OutputRouterOptions {
  maxBufferBytes: number;
  onLine: RunProcessOptions['onLine'];
  onOutput: RunProcessOptions['onOutput'];
  logFile: LogFile | undefined;
  /** Called once, when a callback first throws (runProcess stops the child then). */
  onCallbackError: (error: unknown) => void;
}

export function createOutputRouter(options: OutputRouterOptions): OutputRouter {
  const tail = new OutputTail(options.maxBufferBytes);
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const splitters = { stdout: new LineSplitter(MAX_LINE_LENGTH), stderr: new LineSplitter(MAX_LINE_LENGTH) };
  let failure: { error: unknown } | undefined;

  /** Returns false when the log file is behind. */
  const deliver = (stream: StreamName, text: string, finalLine?: string): boolean => {
    if (text !== '') tail.append(text);
    const lines = splitters[stream].push(text);
    if (finalLine !== undefined) lines.push(finalLine);
    // The log gets whole lines, masked (core/secret-masker.ts): a secret split across two reads
    // is still one line here. Masking the block of whole lines at once is the same as masking
    // each (no secret or URL spans a newline) and keeps a flood cheap; so does one write per chunk.
    const accepted = lines.length === 0 || !options.logFile ? true : options.logFile.write(maskSecrets(`${lines.join('\n')}\n`));
    if (failure) return accepted;
    try {
      if (text !== '') options.onOutput?.(stream, text);
      if (options.onLine) for (const line of lines) options.onLine(stream, line);
    } catch (error) {
      failure = { error };
      options.onCallbackError(error);
    }
    return accepted;
  };

  return {
    write(stream, chunk) {
      return deliver(stream, decoders[stream].write(chunk));
    },
    writeText(stream, text) {
      deliver(stream, text);
    },
    end(stream) {
      deliver(stream, decoders[stream].end());
      const last = splitters[stream].flush();
      if (last !== undefined) deliver(stream, '', last);
    },
    tail: () => tail.toString(),
    callbackError: () => failure,
  };
}
