/**
 * With lefthook, hooks are declared in lefthook.yml and lefthook writes .git/hooks itself, so
 * etl-cycle adds (or removes) one command under `pre-push.commands`, keeping the file's comments
 * and layout (yaml's Document API). `use_stdin` hands the pushed refs to the command.
 */
import { isMap, parseDocument } from 'yaml';
import { UsageError } from '../../core/errors.js';
import { portableHookCommand } from './hook-script.js';

export const LEFTHOOK_FILES = ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml'] as const;
export const LEFTHOOK_COMMAND = 'etl-cycle';

function parse(text: string, file: string) {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new UsageError(`${file}: invalid YAML (${doc.errors[0]!.message.split('\n')[0]}); fix it, then run etl-cycle hook install again`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new UsageError(`${file}: expected a mapping of hooks at the top level`);
  return doc;
}

export function hasLefthookCommand(text: string, file: string): boolean {
  return parse(text, file).hasIn(['pre-push', 'commands', LEFTHOOK_COMMAND]);
}

export function addLefthookCommand(text: string, file: string, args: readonly string[]): string {
  const doc = parse(text, file);
  doc.setIn(['pre-push', 'commands', LEFTHOOK_COMMAND], doc.createNode({ run: portableHookCommand(args), use_stdin: true }));
  return doc.toString();
}

export function removeLefthookCommand(text: string, file: string): string {
  const doc = parse(text, file);
  doc.deleteIn(['pre-push', 'commands', LEFTHOOK_COMMAND]);
  const commands = doc.getIn(['pre-push', 'commands']);
  if (isMap(commands) && commands.items.length === 0) doc.deleteIn(['pre-push', 'commands']);
  const prePush = doc.getIn(['pre-push']);
  if (isMap(prePush) && prePush.items.length === 0) doc.deleteIn(['pre-push']);
  return doc.toString();
}
