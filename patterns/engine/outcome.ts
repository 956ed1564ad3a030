/**
 * What the output says after a match, per source: was the failing operation retried, did it
 * then recover, was the match part of a test run that passed? A match's standing follows:
 *
 * - `recovered`: retried, then a success or readiness marker came before any "giving up"; or
 *   handled: the line itself, or one of the next RETRY_GAP lines, says the program dealt with it
 *   and went on ("falling back to", "continuing without it", "not fatal").
 *   Retried means a retry marker on the match's own line ("connection failed, retrying in 2s
 *   (attempt 1/6)"), or on the line right after its block, or a bare retry announcement
 *   ("Retrying in 5 seconds...", "waiting for db") within RETRY_GAP lines, or the same
 *   failure again on a line of the same shape (an attempt after an attempt). A success line of the same shape as the failure also recovers
 *   it without a retry marker (`GET /health 503` ... `GET /health 200`). A retry marker far
 *   from the match says nothing about it: a step that failed once and was never retried
 *   stays decisive even if a later step's retry loop recovers.
 * - `passing_test`: the matched line is a passing test's result (`test_connection_error
 *   PASSED`), or the match lies inside a test run (after a test-run marker) whose summary then
 *   reports no failure.
 * - `notice`: the line says it is a notice (`NOTICE:  relation "x" already exists, skipping`).
 * - `echo`: the line echoes a command (`set -x`'s `+ psql -c "..."`) or is a row of a drawn
 *   table (`│ orders │ no such table │`): the words are data, not a failure.
 * - `warning`: the line says it is a warning and nothing retried it: programs warn about what
 *   they survive. A warning that was retried and never recovered is decisive: the retries failed.
 * - `decisive`: everything else.
 *
 * The watch: after a match, the next WATCH_LINES lines of the source are read for markers (one
 * quick regex per line); every new match extends it. Outside a watch the classifier keeps its
 * fast path (only lines holding a pattern literal are looked at), so healthy output costs
 * nothing extra. Recovery is told within one source: a retry loop prints its attempts and its
 * success on the same stream. Markers: outcome-markers.ts.
 */
import { detachString } from './detach-string.js';
import { continuesErrorBlock, errorLook } from './error-lines.js';
import type { Severity } from './line-severity.js';
import { lineSeverity } from './line-severity.js';
import { isPassingTestLine, outcomeMarker } from './outcome-markers.js';
import type { OutcomeMarker } from './outcome-markers.js';
import type { PatternMatch } from '../types.js';

export type MatchStanding = 'decisive' | 'warning' | 'notice' | 'echo' | 'passing_test' | 'recovered';

export interface Resolution {
  standing: 'recovered' | 'passing_test';
  /** The line that shows it (a success marker, a test summary, the passing test's own line). */
  line: number;
  text: string;
}

export interface MatchOutcome {
  severity: Severity | undefined;
  retried: boolean;
  /** The match came after a test-run marker (a test's result, a test session's start) with no summary since. */
  inTestRun: boolean;
  /** The line echoes a command (shell xtrace `+ cmd`) or is a row of a drawn table: its words are not output of a failure. */
  echo: boolean;
  resolution?: Resolution;
}

export const WATCH_LINES = 1000;
/** How many lines after a failure's block a retry marker still belongs to it. */
export const RETRY_GAP = 3;
/** Open matches kept per source while watching: a retry loop that fails a thousand times keeps its last ones. */
const MAX_OPEN = 200;
const EVIDENCE_CHARS = 500;
/** Two lines are the same operation when this share of their words is common (digits, ids and times ignored). */
const SAME_SHAPE = 0.6;
/** `+ psql -c "... 'deadlock detected' ..."`: what `set -x` prints before running a command. */
const ECHOED_COMMAND = /^\+{1,4} \S/;
/** `│ orders │ no such table │`, `| 1 | failed |`, psql's ` orders |  0 | deadlock detected | ...`: a row of query output. */
const TABLE_ROW = /^\s*[│┃|][^│┃|]*[│┃|][^│┃|]*[│┃|]|^[^|]* \| [^|]* \| [^|]* \| /;

export function newOutcome(): MatchOutcome {
  return { severity: undefined, retried: false, inTestRun: false, echo: false };
}

export function standingOf(outcome: MatchOutcome): MatchStanding {
  if (outcome.resolution) return outcome.resolution.standing;
  if (outcome.echo) return 'echo';
  if (outcome.severity === 'notice') return 'notice';
  if (outcome.severity === 'warning' && !outcome.retried) return 'warning';
  return 'decisive';
}

interface Tracked {
  match: PatternMatch;
  outcome: MatchOutcome;
}

/** What the matched line itself says (its severity, a retry or give-up on it, a passing test's result), set on its records. */
export function describeMatchedLine(
  records: readonly Tracked[],
  line: string,
  lineNumber: number,
  inTestRun: boolean,
): { marker: OutcomeMarker | undefined; passingTest: boolean } {
  const marker = outcomeMarker(line, true);
  const severity = lineSeverity(line);
  const passingTest = isPassingTestLine(line);
  const echo = ECHOED_COMMAND.test(line) || TABLE_ROW.test(line);
  for (const record of records) {
    record.outcome.severity = severity;
    record.outcome.inTestRun = inTestRun;
    record.outcome.echo = echo;
    if (marker === 'retry') record.outcome.retried = true;
    if (passingTest) record.outcome.resolution = { standing: 'passing_test', line: lineNumber, text: line };
    // "... FileNotFoundError for x.csv; falling back to yesterday's rates": handled where it is said.
    else if (marker === 'handled') record.outcome.resolution = { standing: 'recovered', line: lineNumber, text: line };
  }
  return { marker, passingTest };
}

export class OutcomeTracker {
  private open: Tracked[] = [];
  private remaining = 0;
  /** The records of the latest failure block, and how many lines have passed since it. */
  private block: Tracked[] = [];
  private sinceBlock = 0;

  get watching(): boolean {
    return this.remaining > 0;
  }

  /** Matches found on one (normalized) line, with whether the lines before it were a test run. */
  matched(records: readonly Tracked[], line: string, lineNumber: number, inTestRun: boolean, sameBlock: boolean): void {
    const { marker, passingTest } = describeMatchedLine(records, line, lineNumber, inTestRun);
    if (passingTest || marker === 'handled') return;
    const shape = wordsOf(line);
    for (const earlier of this.open) {
      // The same failure again on a line of the same shape: an attempt after an attempt.
      const again = records.filter((r) => r.match.pattern === earlier.match.pattern && similar(shape, wordsOf(earlier.match.text)));
      if (again.length === 0) continue;
      earlier.outcome.retried = true;
      for (const r of again) r.outcome.retried = true;
    }
    if (marker === 'give_up') {
      this.close();
      return;
    }
    this.block = sameBlock ? [...this.block, ...records] : [...records];
    this.sinceBlock = 0;
    this.open.push(...records);
    if (this.open.length > MAX_OPEN) this.open.splice(0, this.open.length - MAX_OPEN);
    this.remaining = WATCH_LINES;
  }

  /** A line that matched no pattern, read while watching. */
  line(line: string, lineNumber: number): void {
    this.remaining -= 1;
    // The rest of a failure's own message (frames, "Is the server running ... accepting TCP/IP
    // connections?") says nothing about its outcome.
    const continuation = continuesErrorBlock(line) && this.sinceBlock === 0;
    const marker = outcomeMarker(line);
    if (!continuation) this.sinceBlock += 1;
    if (continuation && marker !== 'test_pass' && marker !== 'tests_passed') return this.endIfIdle();
    switch (marker) {
      case 'retry':
        // Right after the failure any retry line is its retry; a few lines later only a bare
        // announcement ("Retrying in 5s", "waiting for db") is: a retry line with a failure of
        // its own ("connection failed, retrying") belongs to that failure.
        if (this.sinceBlock === 1 || (this.sinceBlock <= RETRY_GAP && errorLook(line) === undefined))
          for (const r of this.block) r.outcome.retried = true;
        break;
      case 'give_up':
        this.close();
        return;
      case 'handled':
        // "cache optional, continuing without it" right after the failure: the program went on.
        if (this.sinceBlock <= RETRY_GAP) this.resolve((r) => this.block.includes(r), 'recovered', line, lineNumber);
        break;
      case 'success': {
        const shape = wordsOf(line);
        this.resolve((r) => r.outcome.retried || similar(shape, wordsOf(r.match.text)), 'recovered', line, lineNumber);
        break;
      }
      case 'tests_passed':
        this.resolve((r) => r.outcome.inTestRun, 'passing_test', line, lineNumber);
        break;
      case 'tests_failed':
        // The test run failed: its matches stand, and no later success makes them pass.
        this.open = this.open.filter((r) => !r.outcome.inTestRun);
        break;
      default:
        break;
    }
    this.endIfIdle();
  }

  private endIfIdle(): void {
    if (this.open.length === 0 || this.remaining <= 0) this.close();
  }

  private resolve(which: (r: Tracked) => boolean, standing: Resolution['standing'], line: string, lineNumber: number): void {
    const still: Tracked[] = [];
    const evidence = detachString(line.length > EVIDENCE_CHARS ? line.slice(0, EVIDENCE_CHARS) : line);
    for (const r of this.open) {
      if (which(r)) r.outcome.resolution = { standing, line: lineNumber, text: evidence };
      else still.push(r);
    }
    this.open = still;
  }

  private close(): void {
    this.open = [];
    this.remaining = 0;
    this.block = [];
  }
}

/** The words of a line (letters only, two or more): digits, ids, times and punctuation do not make two attempts different. */
function wordsOf(line: string): Set<string> {
  return new Set(line.toLowerCase().match(/[a-z]{2,}/g) ?? []);
}

function similar(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  let common = 0;
  for (const word of a) if (b.has(word)) common += 1;
  return common / (a.size + b.size - common) >= SAME_SHAPE;
}
