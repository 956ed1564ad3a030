/**
 * The Compose file being loaded, as the rest of the loader reports against it: every error and
 * warning names the file, the line (when the YAML node can be found) and the field path, so a
 * user can jump straight to `compose.yaml:14` instead of hunting for `services.db.ports[1]`.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node, Pair } from 'yaml';
import { ComposeError } from '../../core/errors.js';

/** Where a value sits in the Compose file: map keys and sequence indexes, from the top. */
export type FieldPath = readonly (string | number)[];

/** `services.db.ports[1]`: the form users read in messages. */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${plainKey(key)}` : plainKey(key);
  }
  return out || '(top level)';
}

/** A key as written when it is plain, quoted when it holds what would break the one-line message. */
function plainKey(key: string): string {
  return key !== '' && !/[\p{C}\p{Zl}\p{Zp}"\\]/u.test(key) ? key : JSON.stringify(key);
}

/** A value quoted for a message, short enough to keep the message on one line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // A cyclic value (YAML aliases) cannot be written out.
    text = Array.isArray(value) ? '[...]' : '{...}';
  }
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

export class ComposeSource {
  /** Warnings collected while loading, in the order they were found. */
  readonly warnings: string[] = [];

  /**
   * @param file the Compose file as the user named it (used in messages)
   * @param document the parsed YAML, for line numbers; undefined for sources without one (env files)
   */
  constructor(
    readonly file: string,
    private readonly document?: Document,
    private readonly lineCounter?: LineCounter,
  ) {}

  /** A ComposeError for `path`: `<file>:<line>: <path>: <message>`. Callers `throw` it. */
  error(path: FieldPath, message: string, cause?: unknown): ComposeError {
    return new ComposeError(this.locate(path, message), cause === undefined ? undefined : { cause });
  }

  /** Records `<file>:<line>: <message>`; the message names the field itself (it reads better in a list). */
  warn(path: FieldPath, message: string): void {
    const line = `${this.where(path)}: ${message}`;
    if (!this.warnings.includes(line)) this.warnings.push(line);
  }

  /** `<file>:<line>: <path>`: where a value is, for a message raised after loading (docker/stack-mode.ts). */
  describe(path: FieldPath): string {
    return `${this.where(path)}: ${formatFieldPath(path)}`;
  }

  private locate(path: FieldPath, message: string): string {
    return path.length ? `${this.where(path)}: ${formatFieldPath(path)}: ${message}` : `${this.where(path)}: ${message}`;
  }

  private where(path: FieldPath): string {
    const line = this.lineOf(path);
    return line === undefined ? this.file : `${this.file}:${line}`;
  }

  /** 1-based line of the deepest node of `path` found in the document (anchors and merge keys followed). */
  lineOf(path: FieldPath): number | undefined {
    if (!this.document || !this.lineCounter) return undefined;
    let node: unknown = this.document.contents;
    let offset: number | undefined;
    for (const key of path) {
      node = this.resolve(node);
      if (isMap(node)) {
        const pair = this.findPair(node.items, key);
        if (!pair) break;
        offset = rangeStart(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        const item: unknown = node.items[key];
        if (item === undefined) break;
        offset = rangeStart(item) ?? offset;
        node = item;
      } else {
        break;
      }
    }
    return offset === undefined ? undefined : this.lineCounter.linePos(offset).line;
  }

  private resolve(node: unknown): unknown {
    return isAlias(node) && this.document ? node.resolve(this.document) : node;
  }

  /** The pair for `key` in a map, looking through `<<` merge keys the way the parser merges them. */
  private findPair(items: Pair[], key: string | number): Pair | undefined {
    const own = items.find((pair) => isScalar(pair.key) && String(pair.key.value) === String(key));
    if (own) return own;
    for (const pair of items) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'symbol') continue;
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const source of sources) {
        const target = this.resolve(source);
        if (!isMap(target)) continue;
        const found = this.findPair(target.items as Pair[], key);
        if (found) return found;
      }
    }
    return undefined;
  }
}

function rangeStart(node: unknown): number | undefined {
  return node && typeof node === 'object' && 'range' in node ? (node as Node).range?.[0] : undefined;
}
