/**
 * Finds the prefilter's literals in raw bytes (files, stdin), case-insensitively, about 2.5x
 * faster than V8 runs the equivalent alternation regex once there are a hundred literals or
 * more (the regex engine tries the alternatives at every position; this loop does one table
 * lookup per byte).
 *
 * Each literal gets an anchor: the two-byte sequence inside it that is rarest in the input
 * seen so far (bigram counts of the first chunk). The scan walks the bytes, looks each
 * (case-folded) bigram up in a 64 Ki table, and only at anchor bigrams compares the literals
 * anchored there. Every occurrence of a literal contains its anchor, so nothing is missed
 * whatever the anchors are; their choice only decides how often a comparison is wasted.
 * Literals are lowercase ASCII (derive-literals.ts), so folding ASCII letters is exact.
 */

interface Anchored {
  literal: Uint8Array;
  /** Offset of the anchor bigram inside the literal. */
  offset: number;
  /** Its position in the constructor's list. */
  index: number;
}

const FOLD = new Uint8Array(256).map((_, byte) => (byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte));

export class BigramScanner {
  private readonly literals: Uint8Array[];
  private isAnchor: Uint8Array | undefined;
  private buckets: Map<number, Anchored[]> | undefined;

  /** Literals must be lowercase ASCII, at least two characters long (see `accepts`). */
  constructor(literals: readonly string[]) {
    this.literals = literals.map((l) => Buffer.from(l, 'latin1'));
  }

  /** Whether a set of literals can be scanned this way (single characters have no bigram). */
  static accepts(literals: readonly string[]): boolean {
    return literals.length > 0 && literals.every((l) => l.length >= 2 && isPrintableAscii(l) && l === l.toLowerCase());
  }

  /**
   * Calls `found` with the index (in the constructor's list) of each literal that occurs in
   * `text`, once per occurrence: the per-line check of candidate lines, one table lookup per
   * character instead of the alternation regex (characters beyond latin1 are never part of a
   * literal). Anchors not yet learned are learned from the text. `found` returning true stops the scan.
   */
  forEachLiteralIn(text: string, found: (index: number) => boolean | void): void {
    if (this.isAnchor === undefined || this.buckets === undefined) this.chooseAnchors(Buffer.from(text, 'latin1'));
    const isAnchor = this.isAnchor as Uint8Array;
    const buckets = this.buckets as Map<number, Anchored[]>;
    const length = text.length;
    if (length < 2) return;
    let previous = foldChar(text.charCodeAt(0));
    for (let i = 1; i < length; i += 1) {
      const current = foldChar(text.charCodeAt(i));
      const bigram = (previous << 8) | current;
      previous = current;
      if (isAnchor[bigram] !== 1) continue;
      for (const { literal, offset, index } of buckets.get(bigram) ?? []) {
        const start = i - 1 - offset;
        if (start >= 0 && start + literal.length <= length && textMatchesAt(text, start, literal) && found(index) === true) return;
      }
    }
  }

  /** Whether any literal occurs in `text` (the same scan as forEachLiteralIn, stopping at the first). */
  occursIn(text: string): boolean {
    let any = false;
    this.forEachLiteralIn(text, () => {
      any = true;
      return true;
    });
    return any;
  }

  /** Chooses the anchors from `sample` now (instead of from the first input), e.g. from the literals themselves. */
  learn(sample: Uint8Array): void {
    this.chooseAnchors(sample);
  }

  /** Start of the first literal occurrence whose anchor lies in [from, to), or -1. Learns from the first call. */
  find(bytes: Uint8Array, from: number, to: number): number {
    if (this.isAnchor === undefined || this.buckets === undefined) this.chooseAnchors(bytes);
    const isAnchor = this.isAnchor as Uint8Array;
    const buckets = this.buckets as Map<number, Anchored[]>;
    if (to - from < 2) return -1;
    let previous = FOLD[bytes[from] as number] as number;
    for (let i = from + 1; i < to; i += 1) {
      const current = FOLD[bytes[i] as number] as number;
      const bigram = (previous << 8) | current;
      previous = current;
      if (isAnchor[bigram] !== 1) continue;
      for (const { literal, offset } of buckets.get(bigram) ?? []) {
        const start = i - 1 - offset;
        if (start >= from && start + literal.length <= to && matchesAt(bytes, start, literal)) return start;
      }
    }
    return -1;
  }

  private chooseAnchors(sample: Uint8Array): void {
    const counts = new Uint32Array(65536);
    const length = Math.min(sample.length, 256 * 1024);
    for (let i = 1; i < length; i += 1) {
      const bigram = ((FOLD[sample[i - 1] as number] as number) << 8) | (FOLD[sample[i] as number] as number);
      counts[bigram] = (counts[bigram] as number) + 1;
    }
    const isAnchor = new Uint8Array(65536);
    const buckets = new Map<number, Anchored[]>();
    this.literals.forEach((literal, index) => {
      let offset = 0;
      let rarest = Infinity;
      for (let i = 0; i + 1 < literal.length; i += 1) {
        const count = counts[((literal[i] as number) << 8) | (literal[i + 1] as number)] as number;
        if (count < rarest) {
          rarest = count;
          offset = i;
        }
      }
      const bigram = ((literal[offset] as number) << 8) | (literal[offset + 1] as number);
      isAnchor[bigram] = 1;
      const bucket = buckets.get(bigram);
      if (bucket) bucket.push({ literal, offset, index });
      else buckets.set(bigram, [{ literal, offset, index }]);
    });
    this.isAnchor = isAnchor;
    this.buckets = buckets;
  }
}

function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code !== 0x09 && (code < 0x20 || code > 0x7e)) return false;
  }
  return true;
}

/** A UTF-16 code unit folded like FOLD; beyond latin1 it is 0, which no literal holds. */
function foldChar(code: number): number {
  return code < 256 ? (FOLD[code] as number) : 0;
}

function textMatchesAt(text: string, start: number, literal: Uint8Array): boolean {
  for (let k = 0; k < literal.length; k += 1) {
    if (foldChar(text.charCodeAt(start + k)) !== literal[k]) return false;
  }
  return true;
}

function matchesAt(bytes: Uint8Array, start: number, literal: Uint8Array): boolean {
  for (let k = 0; k < literal.length; k += 1) {
    if (FOLD[bytes[start + k] as number] !== literal[k]) return false;
  }
  return true;
}
