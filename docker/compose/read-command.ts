/**
 * `command:` / `entrypoint:`: a list is used as written; a string is split into arguments with
 * shell-words rules (see split-command.ts), never wrapped in `sh -c`. An empty string or list
 * clears the image's default (the engine's empty list); null keeps it.
 */
import { describeValue } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { readString } from './read-field.js';
import { CommandSyntaxError, splitCommand } from './split-command.js';

export function readCommand(source: ComposeSource, path: FieldPath, value: unknown): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((item, index) => readString(source, [...path, index], item));
  const text = readString(source, path, value, 'a string or a list of strings');
  try {
    return splitCommand(text);
  } catch (error) {
    if (error instanceof CommandSyntaxError) throw source.error(path, `${describeValue(text)} ${error.message}`, error);
    throw error;
  }
}
