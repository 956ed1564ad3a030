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
 * (bigram-scanner.ts, ~2.5x the regex's speed on large catalogues); offsets are byte offsets,
 * and only candidate lines are decoded as UTF-8 (output-chunk.ts).
 * The unfinished last line is kept, up to MAX_LINE_CHARS (the rest of a longer line is
 * dropped as it arrives), so memory never depends on line length or stream length.
 *
 * After a matched line, the indented lines that follow (a stack trace's frames, `Caused by:`
 * lines) are followed one by one, so matches inside one trace share a chain and root-cause
 * selection can pick Java's deepest cause (select-root-cause.ts). And the lines after a match
 * are watched for retries, recovery and test results (outcome.ts), one by one, until the
 * watch ends; then the fast path resumes.
 *
 * Each source also keeps its last lines (output-tail.ts): an unmatched failure names its
 * likely cause lines from them, and a run that exited 0 is checked for a fatal ending.
 */
import type { FailureClass } from '../../core/error-classes.js';
import { BigramScanner } from './bigram-scanner.js';
import type { Prefilter } from './build-prefilter.js';
import type { CompiledPattern } from './compiled-pattern.js';
import { containerFactMatches, ENGINE_SOURCE } from './container-fact-matches.js';
import type { FactMatch } from './container-fact-matches.js';
import { detachString } from './detach-string.js';
import { exitCodeFacts } from './exit-code-facts.js';
import { fillHint } from './fill-hint.js';
import { likelyCauseLines } from './likely-cause.js';
import { LineMatcher } from './line-matcher.js';
import type { FoundMatch } from './line-matcher.js';
import { MAX_LINE_CHARS, normalizeLine } from './normalize-line.js';
import { describeMatchedLine, newOutcome, OutcomeTracker, standingOf } from './outcome.js';
import { testRunContext } from './outcome-markers.js';
import { ByteChunk, isTraceContinuation, TextChunk } from './output-chunk.js';
import type { OutputChunk } from './output-chunk.js';
import { OutputTail, TAIL_LINES } from './output-tail.js';
import type { TailLine } from './output-tail.js';
import { selectRootCause } from './select-root-cause.js';
import type { MatchRecord } from './select-root-cause.js';
import { findFatalEnding } from './suspicious-success.js';
import type {
  Classification,
  ContainerFacts,
  OutputSource,
  PatternMatch,
  ResultOptions,
  StreamClassifier,
  StreamEnd,
  SuspiciousSuccess,
} from '../types.js';

/** Source name of the matches that conventional exit codes give (exit-code-facts.ts). */
export const EXIT_CODE_SOURCE = 'exit-code';

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
  /** Retries, recovery and test results after this source's matches. */
  outcome: OutcomeTracker;
  tail: OutputTail;
  /** The exit code its writer ended with (`end(source, { exitCode })`); undefined when not told. */
  exitCode: number | null | undefined;
}

export class PatternStreamClassifier implements StreamClassifier {
  private readonly sources = new Map<string, SourceState>();
  private readonly engine: MatchRecord[] = [];
  private readonly scan: RegExp | null;
  private readonly scanWithControls: RegExp | null;
  private readonly scanBytesWithControls: RegExp | null;
  private readonly bytesScanner: BigramScanner | null;
  private readonly lines: LineMatcher;
  private nextChain = 0;
  private ordered: PatternMatch[] | undefined;

  constructor(
    patterns: readonly CompiledPattern[],
    private readonly prefilter: Prefilter,
  ) {
    // Own instances: a global RegExp carries lastIndex, and classifiers of one catalogue must not share it.
    const source = prefilter.scanSource;
    this.scan = source === null ? null : new RegExp(source, 'gi');
    this.scanWithControls = source === null ? null : new RegExp(`${source}|\\u001b|\\u009b`, 'gi');
    // In the latin1 view of bytes, ESC is the byte 0x1b and a C1 CSI (U+009B) the UTF-8 bytes c2 9b.
    this.scanBytesWithControls = source === null ? null : new RegExp(`${source}|\\u001b|\\u00c2\\u009b`, 'gi');
    this.bytesScanner = BigramScanner.accepts(prefilter.scanLiterals) ? new BigramScanner(prefilter.scanLiterals) : null;
    this.lines = new LineMatcher(prefilter, new Map(patterns.map((pattern, index) => [pattern, index])));
  }

  write(source: OutputSource, chunk: string): void {
    this.take(this.state(source), new TextChunk(chunk));
  }

  /**
   * Feeds raw UTF-8 bytes (a file, stdin): faster than decoding first (see the header). The
   * bytes are not kept: the caller may reuse the buffer.
   */
  writeBytes(source: OutputSource, bytes: Uint8Array): void {
    this.take(this.state(source), new ByteChunk(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
  }

  end(source: OutputSource, how: StreamEnd = {}): void {
    const state = this.state(source);
    if (state.carry.length > 0 || state.carryFull) this.takeCarry(state);
    if (how.exitCode !== undefined) state.exitCode = how.exitCode;
  }

  addContainerFacts(facts: ContainerFacts): void {
    for (const fact of containerFactMatches(facts)) {
      const known = this.engine.some((r) => r.match.pattern === fact.pattern && r.match.captures.service === facts.service);
      if (known) continue;
      this.engine.push(this.factRecord(fact, ENGINE_SOURCE, this.engine.length + 1));
      this.ordered = undefined;
    }
  }

  matches(): readonly PatternMatch[] {
    this.ordered ??= this.causalRecords(false).map((r) => r.match);
    return this.ordered;
  }

  result(options: ResultOptions = {}): Classification {
    // Unfinished lines count as lines here without being consumed: more output may still complete them.
    const records = [...this.causalRecords(true), ...this.exitCodeRecords(options)];
    const shown = new Map(records.map((r) => [r, annotate(r)]));
    const matches = [...shown.values()];
    if (!this.failed(options)) {
      const suspicious = this.suspiciousSuccess(options, records);
      return { primary: null, matches, ...(suspicious ? { suspiciousSuccess: suspicious } : {}) };
    }
    // Recovered failures explain a failed run only when nothing else does, when the caller knows it failed (told
    // `failed: true` or a non-zero exit code, not merely assumed), and never output whose writer exited 0.
    const root = selectRootCause(records, { recoveredAsLastResort: this.knownToHaveFailed(options) && !this.anyExitedZero(options) });
    if (!root) {
      // Where the output merely ended is worth naming only for a run known to have failed.
      const likely = likelyCauseLines(this.tails(), { lastLines: this.knownToHaveFailed(options) });
      return { primary: 'unknown' satisfies FailureClass, matches, ...(likely.length > 0 ? { likelyCause: likely } : {}) };
    }
    return { primary: root.match.class, primaryMatch: shown.get(root) as PatternMatch, matches };
  }

  /** Failed unless told otherwise or every exit code known is 0. */
  private failed(options: ResultOptions): boolean {
    if (options.failed !== undefined) return options.failed;
    const codes = [...this.sources.values()].map((s) => (s.exitCode === undefined ? options.exitCode : s.exitCode));
    if (options.exitCode !== undefined) codes.push(options.exitCode);
    const known = codes.filter((c) => c !== undefined);
    return known.length === 0 || known.some((c) => c !== 0);
  }

  private knownToHaveFailed(options: ResultOptions): boolean {
    if (options.failed !== undefined) return options.failed;
    const codes = [options.exitCode, ...[...this.sources.values()].map((s) => s.exitCode)];
    return codes.some((c) => c !== undefined && c !== 0);
  }

  private anyExitedZero(options: ResultOptions): boolean {
    return options.exitCode === 0 || [...this.sources.values()].some((s) => s.exitCode === 0);
  }

  /** The sources that exited 0 (all of them when no exit code is known), checked for a fatal ending. */
  private suspiciousSuccess(options: ResultOptions, records: readonly MatchRecord[]): SuspiciousSuccess | undefined {
    const states = [...this.sources.values()];
    const codeOf = (s: SourceState) => (s.exitCode === undefined ? options.exitCode : s.exitCode);
    const exitedZero = states.filter((s) => codeOf(s) === 0);
    for (const state of exitedZero.length > 0 ? exitedZero : states.filter((s) => codeOf(s) === undefined)) {
      const ending = findFatalEnding(this.tailOf(state));
      if (!ending) continue;
      const inside = records.find(
        (r) =>
          r.match.source === state.name &&
          r.match.line >= ending.line &&
          r.match.line <= ending.lastLine &&
          standingOf(r.outcome) === 'decisive' &&
          !r.weak,
      );
      return {
        source: state.name,
        line: ending.line,
        lastLine: ending.lastLine,
        text: ending.text,
        ...(inside ? { class: inside.match.class, pattern: inside.match.pattern } : {}),
      };
    }
    return undefined;
  }

  private tails(): { source: OutputSource; lines: TailLine[] }[] {
    return [...this.sources.values()].map((state) => ({ source: state.name, lines: this.tailOf(state) }));
  }

  /** The kept last lines plus the unfinished one. */
  private tailOf(state: SourceState): TailLine[] {
    const lines = state.tail.lines();
    if (state.carry.length > 0) lines.push({ line: state.lines + 1, text: carryText(state) });
    return lines;
  }

  /** Conventional exit codes (exit-code-facts.ts), after everything the output said. */
  private exitCodeRecords(options: ResultOptions): MatchRecord[] {
    const own = [...this.sources.values()].filter((s) => s.exitCode !== undefined);
    const said = (states: readonly SourceState[]) =>
      likelyCauseLines(
        states.map((state) => ({ source: state.name, lines: this.tailOf(state) })),
        { lastLines: false },
      ).length > 0;
    const facts =
      own.length > 0
        ? own.flatMap((s) => exitCodeFacts(s.name, s.exitCode, { outputSaidWhy: said([s]) }))
        : exitCodeFacts(this.sources.size === 1 ? ([...this.sources.keys()][0] as string) : 'the run', options.exitCode, {
            outputSaidWhy: said([...this.sources.values()]),
          });
    return facts.map((fact, index) => this.factRecord(fact, EXIT_CODE_SOURCE, index + 1));
  }

  private factRecord(fact: FactMatch, source: OutputSource, line: number): MatchRecord {
    return {
      match: { class: fact.class, pattern: fact.pattern, line, text: fact.text, captures: fact.captures, hint: fact.hint, source },
      weak: fact.weak,
      tier: 'product',
      chain: this.newChain(),
      causedBy: false,
      outcome: newOutcome(),
    };
  }

  private take(state: SourceState, chunk: OutputChunk): void {
    let pos = 0;
    if (state.carry.length > 0 || state.carryFull) {
      const newline = chunk.indexOfNewline(0);
      if (newline === -1) {
        this.appendCarry(state, chunk, 0, chunk.length);
        return;
      }
      this.appendCarry(state, chunk, 0, newline);
      this.takeCarry(state);
      pos = newline + 1;
    }
    const last = chunk.length === 0 ? -1 : chunk.lineStartAt(chunk.length) - 1;
    if (last >= pos) {
      this.scanLines(state, chunk, pos, last + 1);
      this.keepTail(state, chunk, pos, last + 1);
      pos = last + 1;
    }
    if (pos < chunk.length) this.appendCarry(state, chunk, pos, chunk.length);
  }

  /** Keeps the last complete lines of [start, end) (`end` just past a newline; state.lines counts them already). */
  private keepTail(state: SourceState, chunk: OutputChunk, start: number, end: number): void {
    const kept: TailLine[] = [];
    let lineEnd = end - 1;
    let number = state.lines;
    while (lineEnd >= start && kept.length < TAIL_LINES) {
      const lineStart = Math.max(chunk.lineStartAt(lineEnd), start);
      kept.push({ line: number, text: chunk.line(lineStart, lineEnd) });
      number -= 1;
      lineEnd = lineStart - 1;
    }
    for (let i = kept.length - 1; i >= 0; i -= 1) {
      const item = kept[i] as TailLine;
      state.tail.push(item.line, item.text);
    }
  }

  private state(source: OutputSource): SourceState {
    let state = this.sources.get(source);
    if (!state) {
      // Map keeps insertion order: the order sources were first written to is their causal rank.
      state = {
        name: source,
        lines: 0,
        carry: '',
        carryBytes: false,
        carryFull: false,
        records: [],
        traceChain: undefined,
        traceLines: 0,
        outcome: new OutcomeTracker(),
        tail: new OutputTail(),
        exitCode: undefined,
      };
      this.sources.set(source, state);
    }
    return state;
  }

  private appendCarry(state: SourceState, chunk: OutputChunk, from: number, to: number): void {
    const bytes = chunk.bytes !== undefined;
    if (state.carryBytes !== bytes && state.carry.length > 0) {
      // A source that switches between text and bytes mid-line: keep the carry in the new form.
      state.carry = bytes ? Buffer.from(state.carry, 'utf8').toString('latin1') : Buffer.from(state.carry, 'latin1').toString('utf8');
    }
    state.carryBytes = bytes;
    if (state.carryFull) return;
    const room = MAX_LINE_CHARS - state.carry.length;
    const take = Math.min(room, to - from);
    if (take > 0) state.carry = detachString(state.carry + chunk.carryPart(from, from + take));
    if (to - from > room) state.carryFull = true;
  }

  private takeCarry(state: SourceState): void {
    const raw = carryText(state);
    state.carry = '';
    state.carryFull = false;
    state.lines += 1;
    if (state.traceChain !== undefined && !this.continuesTrace(state, () => isTraceContinuation(raw, 0))) state.traceChain = undefined;
    const matched = this.lines.isCandidate(raw) && this.matchLine(state, raw, state.lines, undefined, 0);
    if (!matched && state.outcome.watching) state.outcome.line(normalizeLine(raw), state.lines);
    state.tail.push(state.lines, raw);
  }

  /** Lines [start, end) of the chunk, all complete (`end` is just past a newline). */
  private scanLines(state: SourceState, chunk: OutputChunk, start: number, end: number): void {
    if (this.scan === null || this.prefilter.alwaysRun.length > 0) {
      this.takeEveryLine(state, chunk, start, end);
      return;
    }
    const nextHit = this.hitFinder(chunk, start, end);
    let cursor = this.walkLines(state, chunk, start, end);
    while (cursor < end) {
      const hit = nextHit(cursor);
      if (hit === -1) break;
      const lineStart = chunk.lineStartAt(hit);
      const lineEnd = chunk.indexOfNewline(hit);
      state.lines += chunk.countNewlines(cursor, lineStart) + 1;
      cursor = lineEnd + 1;
      if (this.matchLine(state, chunk.line(lineStart, lineEnd), state.lines, chunk, lineStart))
        cursor = this.walkLines(state, chunk, cursor, end);
    }
    state.lines += chunk.countNewlines(cursor, end);
  }

  /**
   * Where the next literal (or escape sequence) at or after a position lies, before `end`:
   * the bigram scanner for bytes, else the regex alternation — with ESC and CSI added when the
   * range holds any, so lines with escape sequences become candidates (see the header).
   */
  private hitFinder(chunk: OutputChunk, start: number, end: number): (from: number) => number {
    const { bytes } = chunk;
    const controls = chunk.hasControls(start, end);
    const scanner = this.bytesScanner;
    if (bytes !== undefined && !controls && scanner !== null) return (from) => scanner.find(bytes, from, end);
    const regex = (controls ? (bytes === undefined ? this.scanWithControls : this.scanBytesWithControls) : this.scan) as RegExp;
    const text = chunk.text();
    return (from) => {
      regex.lastIndex = from;
      const hit = regex.exec(text);
      return hit === null || hit.index >= end ? -1 : hit.index;
    };
  }

  /** The slow path, for catalogues with a pattern that has no literal: every line is matched. */
  private takeEveryLine(state: SourceState, chunk: OutputChunk, start: number, end: number): void {
    if (this.prefilter.alwaysRun.length === 0) {
      state.lines += chunk.countNewlines(start, end); // No patterns at all.
      return;
    }
    this.walkLines(state, chunk, start, end, true);
  }

  /**
   * Line by line while a trace is open or the source is watched (or for every line): trace
   * continuations keep their chain, candidate lines are matched, and unmatched lines go to the
   * outcome watch. Returns where the fast path may resume.
   */
  private walkLines(state: SourceState, chunk: OutputChunk, cursor: number, end: number, everyLine = false): number {
    while (cursor < end) {
      const at = cursor;
      if (state.traceChain !== undefined && !this.continuesTrace(state, () => chunk.continuesTrace(at))) state.traceChain = undefined;
      if (!everyLine && state.traceChain === undefined && !state.outcome.watching) break;
      const newline = chunk.indexOfNewline(cursor);
      state.lines += 1;
      const raw = chunk.line(cursor, newline);
      const matched = this.lines.isCandidate(raw) && this.matchLine(state, raw, state.lines, chunk, cursor);
      if (!matched && state.outcome.watching) state.outcome.line(normalizeLine(raw), state.lines);
      cursor = newline + 1;
    }
    return cursor;
  }

  private continuesTrace(state: SourceState, continues: () => boolean): boolean {
    if (state.traceLines >= MAX_TRACE_LINES || !continues()) return false;
    state.traceLines += 1;
    return true;
  }

  /** Matches one candidate line and records what it found; true when something matched. */
  private matchLine(state: SourceState, raw: string, lineNumber: number, chunk: OutputChunk | undefined, lineStart: number): boolean {
    const { line, found } = this.lines.match(raw);
    if (found.length === 0) return false;
    const sameBlock = state.traceChain !== undefined;
    const chain = state.traceChain ?? this.newChain();
    state.traceChain = chain;
    state.traceLines = 0;
    const records = toRecords(state.name, line, lineNumber, found, chain);
    state.outcome.matched(records, line, lineNumber, this.inTestRun(state, chunk, lineStart), sameBlock);
    for (const record of records) {
      if (state.records.length >= MAX_MATCHES_PER_SOURCE) break;
      state.records.push(record);
    }
    this.ordered = undefined;
    return true;
  }

  /**
   * Whether the line starting at `lineStart` comes inside a test run: the nearest test marker
   * above it is a result or a start, not a summary.
   */
  private inTestRun(state: SourceState, chunk: OutputChunk | undefined, lineStart: number): boolean {
    let looked = 0;
    if (chunk !== undefined) {
      let lineEnd = lineStart - 1;
      while (lineEnd >= 0 && looked < TAIL_LINES) {
        const start = chunk.lineStartAt(lineEnd);
        const context = testRunContext(normalizeLine(chunk.line(start, lineEnd)));
        if (context !== undefined) return context;
        lineEnd = start - 1;
        looked += 1;
      }
      if (lineEnd >= 0) return false;
    }
    const tail = state.tail.lines();
    for (let i = tail.length - 1; i >= 0 && looked < TAIL_LINES; i -= 1, looked += 1) {
      const context = testRunContext(normalizeLine((tail[i] as TailLine).text));
      if (context !== undefined) return context;
    }
    return false;
  }

  /** Engine facts first, then each source's records in the order the sources were first written to. */
  private causalRecords(withPending: boolean): MatchRecord[] {
    const records = [...this.engine];
    for (const state of this.sources.values()) {
      records.push(...state.records);
      if (withPending && state.carry.length > 0 && state.records.length < MAX_MATCHES_PER_SOURCE)
        records.push(...this.pendingRecords(state));
    }
    return records;
  }

  /** What the unfinished line would match if it ended now (state untouched). */
  private pendingRecords(state: SourceState): MatchRecord[] {
    const raw = carryText(state);
    if (!this.lines.isCandidate(raw)) return [];
    const { line, found } = this.lines.match(raw);
    if (found.length === 0) return [];
    const chain = state.traceChain !== undefined && isTraceContinuation(raw, 0) ? state.traceChain : this.newChain();
    const records = toRecords(state.name, line, state.lines + 1, found, chain);
    describeMatchedLine(records, line, state.lines + 1, this.inTestRun(state, undefined, 0));
    return records;
  }

  private newChain(): number {
    this.nextChain += 1;
    return this.nextChain;
  }
}

function carryText(state: SourceState): string {
  return state.carryBytes ? Buffer.from(state.carry, 'latin1').toString('utf8') : state.carry;
}

function toRecords(source: string, line: string, lineNumber: number, found: readonly FoundMatch[], chain: number): MatchRecord[] {
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
    tier: pattern.tier,
    chain,
    causedBy,
    outcome: newOutcome(),
  }));
}

/** The match as reported: with its standing and evidence when it is not decisive. */
function annotate(record: MatchRecord): PatternMatch {
  const standing = standingOf(record.outcome);
  if (standing === 'decisive') return record.match;
  const evidence = record.outcome.resolution;
  return { ...record.match, standing, ...(evidence ? { evidence: { line: evidence.line, text: evidence.text } } : {}) };
}
