/**
 * The streaming classifier: output arrives in chunks per source, lines may span chunks, and
 * the work per chunk must stay close to one pass over it.
 *
 * Per chunk: complete the line left over from the last chunk, then run the prefilter's literal
 * alternation (build-prefilter.ts) over the chunk's complete lines; only the lines it lands on
 * are cut out, normalized (normalize-line.ts: at most MAX_LINE_CHARS, no CR, no ANSI) and
 * matched against the patterns whose literal they hold. Lines between hits are only counted.
 * ANSI/VT sequences can sit inside a literal ("connection \e[1mrefused"): a chunk that holds
 * an ESC or CSI is scanned with those characters added to the alternation, so its lines with
 * escapes become candidates and are stripped before matching (plain chunks keep the faster
 * scan: single characters in the alternation would defeat V8's Boyer-Moore skipping).
 *
 * writeBytes (files, stdin) scans the raw bytes with a bigram-anchored literal scanner
 * (bigram-scanner.ts, ~2.5x the regex's speed on large catalogues) and looks at them as latin1
 * text, one character per byte: an ASCII literal is found exactly as in the UTF-8 text, offsets
 * are byte offsets, and only candidate lines are decoded as UTF-8.
 * The unfinished last line is kept, up to MAX_LINE_CHARS (the rest of a longer line is
 * dropped as it arrives), so memory never depends on line length or stream length.
 *
 * After a matched line, the indented lines that follow (a stack trace's frames, `Caused by:`
 * lines) are followed one by one, so matches inside one trace share a chain and root-cause
 * selection can pick Java's deepest cause (select-root-cause.ts).
 */
import type { FailureClass } from '../core/error-classes.js';
import type { CompiledPattern } from './compiled-pattern.js';
import { BigramScanner } from './bigram-scanner.js';
import type { Prefilter } from './build-prefilter.js';
import { containerFactMatches, ENGINE_SOURCE } from './container-fact-matches.js';
import { detachString } from './detach-string.js';
import { fillHint } from './fill-hint.js';
import { execPattern } from './match-pattern.js';
import type { LineMatch } from './match-pattern.js';
import { MAX_LINE_CHARS, normalizeLine } from './normalize-line.js';
import { selectRootCause } from './select-root-cause.js';
import type { MatchRecord } from './select-root-cause.js';
import type { Classification, ContainerFacts, OutputSource, PatternMatch, StreamClassifier } from './types.js';

/** Matches kept per source: the root cause is among the first; a runaway log must not grow memory. */
export const MAX_MATCHES_PER_SOURCE = 1000;
/** A trace longer than this is followed no further (lines then go back to the fast path). */
const MAX_TRACE_LINES = 1000;
const CAUSED_BY = /^\s*Caused by:/;

interface SourceState {
  readonly name: string;
  /** Complete lines seen so far. */
  lines: number;
  /** Start of the unfinished line (at most MAX_LINE_CHARS): text, or bytes as latin1 when `carryBytes`. */
  carry: string;
  carryBytes: boolean;
  /** The unfinished line is longer than the carry: drop what arrives until its newline. */
  carryFull: boolean;
  records: MatchRecord[];
  /** Chain of the open trace: set after a matched line while the next lines are continuations. */
  traceChain: number | undefined;
  traceLines: number;
}

/** A chunk as scanned: `text` is the string itself, or its bytes as latin1 (offsets are byte offsets). */
interface Chunk {
  readonly text: string;
  readonly bytes: Buffer | undefined;
}

interface FoundMatch {
  pattern: CompiledPattern;
  found: LineMatch;
}

export class PatternStreamClassifier implements StreamClassifier {
  private readonly sources = new Map<string, SourceState>();
  private readonly engine: MatchRecord[] = [];
  private readonly scan: RegExp | null;
  private readonly scanWithControls: RegExp | null;
  private readonly scanBytesWithControls: RegExp | null;
  private readonly probe: RegExp | null;
  private readonly bytesScanner: BigramScanner | null;
  private readonly order: Map<CompiledPattern, number>;
  private nextChain = 0;
  private ordered: PatternMatch[] | undefined;

  constructor(patterns: readonly CompiledPattern[], private readonly prefilter: Prefilter) {
    // Own instances: a global RegExp carries lastIndex, and classifiers of one catalogue must not share it.
    const source = prefilter.scanSource;
    this.scan = source === null ? null : new RegExp(source, 'gi');
    this.scanWithControls = source === null ? null : new RegExp(`${source}|\u001b|\u009b`, 'gi');
    // In latin1 view, ESC is the byte 0x1b and a C1 CSI (U+009B) the UTF-8 bytes c2 9b.
    this.scanBytesWithControls = source === null ? null : new RegExp(`${source}|\u001b|\u00c2\u009b`, 'gi');
    this.probe = source === null ? null : new RegExp(source, 'i');
    this.bytesScanner = BigramScanner.accepts(prefilter.scanLiterals) ? new BigramScanner(prefilter.scanLiterals) : null;
    this.order = new Map(patterns.map((pattern, index) => [pattern, index]));
  }

  write(source: OutputSource, chunk: string): void {
    this.take(this.state(source), { text: chunk, bytes: undefined });
  }

  /**
   * Feeds raw UTF-8 bytes (a file, stdin): faster than decoding first (see the header). The
   * bytes are not kept: the caller may reuse the buffer.
   */
  writeBytes(source: OutputSource, bytes: Uint8Array): void {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.take(this.state(source), { text: buffer.toString('latin1'), bytes: buffer });
  }

  private take(state: SourceState, chunk: Chunk): void {
    const { text } = chunk;
    let pos = 0;
    if (state.carry.length > 0 || state.carryFull) {
      const newline = text.indexOf('\n');
      if (newline === -1) {
        this.appendCarry(state, chunk, 0, text.length);
        return;
      }
      this.appendCarry(state, chunk, 0, newline);
      this.takeCarry(state);
      pos = newline + 1;
    }
    const last = text.lastIndexOf('\n');
    if (last >= pos) {
      this.scanLines(state, chunk, pos, last + 1);
      pos = last + 1;
    }
    if (pos < text.length) this.appendCarry(state, chunk, pos, text.length);
  }

  end(source: OutputSource): void {
    const state = this.state(source);
    if (state.carry.length > 0 || state.carryFull) this.takeCarry(state);
  }

  addContainerFacts(facts: ContainerFacts): void {
    for (const fact of containerFactMatches(facts)) {
      const known = this.engine.some((r) => r.match.pattern === fact.pattern && r.match.captures.service === facts.service);
      if (known) continue;
      this.engine.push({
        match: { class: fact.class, pattern: fact.pattern, line: this.engine.length + 1, text: fact.text, captures: fact.captures, hint: fact.hint, source: ENGINE_SOURCE },
        weak: fact.weak,
        chain: this.newChain(),
        causedBy: false,
      });
      this.ordered = undefined;
    }
  }

  matches(): readonly PatternMatch[] {
    this.ordered ??= this.causalRecords(false).map((r) => r.match);
    return this.ordered;
  }

  result(options: { failed: boolean }): Classification {
    // Unfinished lines count as lines here without being consumed: more output may still complete them.
    const records = this.causalRecords(true);
    const matches = records.map((r) => r.match);
    if (!options.failed) return { primary: null, matches };
    const root = selectRootCause(records);
    if (!root) return { primary: 'unknown' satisfies FailureClass, matches };
    return { primary: root.match.class, primaryMatch: root.match, matches };
  }

  private state(source: OutputSource): SourceState {
    let state = this.sources.get(source);
    if (!state) {
      // Map keeps insertion order: the order sources were first written to is their causal rank.
      state = { name: source, lines: 0, carry: '', carryBytes: false, carryFull: false, records: [], traceChain: undefined, traceLines: 0 };
      this.sources.set(source, state);
    }
    return state;
  }

  private appendCarry(state: SourceState, chunk: Chunk, from: number, to: number): void {
    const bytes = chunk.bytes !== undefined;
    if (state.carryBytes !== bytes && state.carry.length > 0) {
      // A source that switches between strings and bytes mid-line: keep the carry in the new form.
      state.carry = bytes ? Buffer.from(state.carry, 'utf8').toString('latin1') : Buffer.from(state.carry, 'latin1').toString('utf8');
    }
    state.carryBytes = bytes;
    if (state.carryFull) return;
    const room = MAX_LINE_CHARS - state.carry.length;
    const take = Math.min(room, to - from);
    if (take > 0) state.carry = detachString(state.carry + chunk.text.slice(from, from + take));
    if (to - from > room) state.carryFull = true;
  }

  private takeCarry(state: SourceState): void {
    const raw = state.carryBytes ? Buffer.from(state.carry, 'latin1').toString('utf8') : state.carry;
    state.carry = '';
    state.carryFull = false;
    state.lines += 1;
    if (state.traceChain !== undefined && !this.continuesTrace(state, raw, 0)) state.traceChain = undefined;
    this.lineIfCandidate(state, raw, state.lines);
  }

  /** Lines [start, end) of the chunk, all complete (`end` is just past a newline). */
  private scanLines(state: SourceState, chunk: Chunk, start: number, end: number): void {
    const { text } = chunk;
    if (this.scan === null || this.prefilter.alwaysRun.length > 0) {
      this.takeEveryLine(state, chunk, start, end);
      return;
    }
    const nextHit = this.hitFinder(chunk, start, end);
    let cursor = start;
    if (state.traceChain !== undefined) cursor = this.followTrace(state, chunk, cursor, end);
    while (cursor < end) {
      const hit = nextHit(cursor);
      if (hit === -1) break;
      const lineStart = hit === 0 ? 0 : text.lastIndexOf('\n', hit - 1) + 1;
      const lineEnd = text.indexOf('\n', hit);
      state.lines += countNewlines(text, cursor, lineStart) + 1;
      cursor = lineEnd + 1;
      if (this.matchLine(state, lineOf(chunk, lineStart, lineEnd), state.lines)) cursor = this.followTrace(state, chunk, cursor, end);
    }
    state.lines += countNewlines(text, cursor, end);
  }

  /**
   * Where the next literal (or escape sequence) at or after a position lies, before `end`:
   * the bigram scanner for bytes, else the regex alternation — with ESC and CSI added when the
   * range holds any, so lines with escape sequences become candidates (see the header).
   */
  private hitFinder(chunk: Chunk, start: number, end: number): (from: number) => number {
    const { text, bytes } = chunk;
    const controls = bytes === undefined
      ? hasBefore(text.indexOf('\u001b', start), end) || hasBefore(text.indexOf('\u009b', start), end)
      : hasBefore(bytes.indexOf(0x1b, start), end) || hasBefore(bytes.indexOf(C1_CSI_UTF8, start), end);
    const scanner = this.bytesScanner;
    if (bytes !== undefined && !controls && scanner !== null) return (from) => scanner.find(bytes, from, end);
    const regex = (controls ? (bytes === undefined ? this.scanWithControls : this.scanBytesWithControls) : this.scan) as RegExp;
    return (from) => {
      regex.lastIndex = from;
      const hit = regex.exec(text);
      return hit === null || hit.index >= end ? -1 : hit.index;
    };
  }

  /** The slow path, for catalogues with a pattern that has no literal: every line is matched. */
  private takeEveryLine(state: SourceState, chunk: Chunk, start: number, end: number): void {
    const { text } = chunk;
    if (this.prefilter.alwaysRun.length === 0) {
      state.lines += countNewlines(text, start, end); // No patterns at all.
      return;
    }
    let cursor = start;
    while (cursor < end) {
      const newline = text.indexOf('\n', cursor);
      state.lines += 1;
      if (state.traceChain !== undefined && !this.continuesTrace(state, text, cursor)) state.traceChain = undefined;
      this.matchLine(state, lineOf(chunk, cursor, newline), state.lines);
      cursor = newline + 1;
    }
  }

  /** Consumes the continuation lines of an open trace, matching those the prefilter picks. */
  private followTrace(state: SourceState, chunk: Chunk, cursor: number, end: number): number {
    const { text } = chunk;
    while (cursor < end && state.traceChain !== undefined) {
      if (!this.continuesTrace(state, text, cursor)) {
        state.traceChain = undefined;
        break;
      }
      const newline = text.indexOf('\n', cursor);
      state.lines += 1;
      this.lineIfCandidate(state, lineOf(chunk, cursor, newline), state.lines);
      cursor = newline + 1;
    }
    return cursor;
  }

  private continuesTrace(state: SourceState, text: string, at: number): boolean {
    if (state.traceLines >= MAX_TRACE_LINES || !isTraceContinuation(text, at)) return false;
    state.traceLines += 1;
    return true;
  }

  private lineIfCandidate(state: SourceState, raw: string, lineNumber: number): void {
    if (this.isCandidate(raw)) this.matchLine(state, raw, lineNumber);
  }

  /** The prefilter for one decoded line. */
  private isCandidate(raw: string): boolean {
    if (this.prefilter.alwaysRun.length > 0) return true;
    if (this.probe === null) return false;
    return this.probe.test(raw) || raw.includes('\u001b') || raw.includes('\u009b');
  }

  /** Matches one candidate line and records what it found; true when something matched. */
  private matchLine(state: SourceState, raw: string, lineNumber: number): boolean {
    const { line, found } = this.findMatches(raw);
    if (found.length === 0) return false;
    const chain = state.traceChain ?? this.newChain();
    state.traceChain = chain;
    state.traceLines = 0;
    for (const record of this.toRecords(state.name, line, lineNumber, found, chain)) {
      if (state.records.length >= MAX_MATCHES_PER_SOURCE) break;
      state.records.push(record);
    }
    this.ordered = undefined;
    return true;
  }

  private findMatches(raw: string): { line: string; found: FoundMatch[] } {
    // A copy: captures and the kept text must not pin the chunk this line was cut from.
    const line = detachString(normalizeLine(raw));
    const lower = line.toLowerCase();
    const found: FoundMatch[] = [];
    let tried: Set<CompiledPattern> | undefined;
    const attempt = (pattern: CompiledPattern) => {
      if (pattern.literals.length > 1) {
        tried ??= new Set();
        if (tried.has(pattern)) return;
        tried.add(pattern);
      }
      const match = execPattern(pattern, line);
      if (match) found.push({ pattern, found: match });
    };
    for (const group of this.prefilter.groups) {
      if (lower.includes(group.literal)) group.patterns.forEach(attempt);
    }
    this.prefilter.alwaysRun.forEach(attempt);
    found.sort((a, b) => a.found.index - b.found.index || b.found.length - a.found.length || this.rank(a.pattern) - this.rank(b.pattern));
    return { line, found };
  }

  private toRecords(source: string, line: string, lineNumber: number, found: FoundMatch[], chain: number): MatchRecord[] {
    const causedBy = CAUSED_BY.test(line);
    return found.map(({ pattern, found: match }) => ({
      match: {
        class: pattern.class,
        pattern: pattern.id,
        line: lineNumber,
        text: line,
        captures: match.captures,
        hint: fillHint(pattern.hint, match.captures),
        source,
      },
      weak: pattern.weak,
      chain,
      causedBy,
    }));
  }

  /** Engine facts first, then each source's records in the order the sources were first written to. */
  private causalRecords(withPending: boolean): MatchRecord[] {
    const records = [...this.engine];
    for (const state of this.sources.values()) {
      records.push(...state.records);
      if (withPending && state.carry.length > 0 && state.records.length < MAX_MATCHES_PER_SOURCE) records.push(...this.pendingRecords(state));
    }
    return records;
  }

  /** What the unfinished line would match if it ended now (state untouched). */
  private pendingRecords(state: SourceState): MatchRecord[] {
    const raw = state.carryBytes ? Buffer.from(state.carry, 'latin1').toString('utf8') : state.carry;
    if (!this.isCandidate(raw)) return [];
    const { line, found } = this.findMatches(raw);
    if (found.length === 0) return [];
    const chain = state.traceChain !== undefined && isTraceContinuation(raw, 0) ? state.traceChain : this.newChain();
    return this.toRecords(state.name, line, state.lines + 1, found, chain);
  }

  private newChain(): number {
    this.nextChain += 1;
    return this.nextChain;
  }

  private rank(pattern: CompiledPattern): number {
    return this.order.get(pattern) ?? Number.MAX_SAFE_INTEGER;
  }
}

const C1_CSI_UTF8 = Buffer.from([0xc2, 0x9b]);

function hasBefore(index: number, end: number): boolean {
  return index !== -1 && index < end;
}

/** The line [start, end) of a chunk as text: sliced, or decoded from its bytes (at most MAX_LINE_CHARS of them). */
function lineOf(chunk: Chunk, start: number, end: number): string {
  return chunk.bytes === undefined ? chunk.text.slice(start, end) : chunk.bytes.toString('utf8', start, Math.min(end, start + MAX_LINE_CHARS));
}

/** Indented lines and `Caused by:`/`Suppressed:` lines continue a trace (Java frames, PSQLException details, ...). */
function isTraceContinuation(text: string, at: number): boolean {
  const first = text.charCodeAt(at);
  return first === 0x20 || first === 0x09 || text.startsWith('Caused by:', at) || text.startsWith('Suppressed:', at);
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  let at = text.indexOf('\n', from);
  while (at !== -1 && at < to) {
    count += 1;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}
