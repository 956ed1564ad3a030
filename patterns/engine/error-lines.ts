/**
 * Lines that look like an error, whatever printed them, for the two questions no pattern
 * answers: which lines most likely explain a failure that matched nothing, and whether a run
 * that exited 0 ended on a fatal error.
 *
 * - `fatal`: the line says it is an error: an error-level log marker (line-severity.ts), an
 *   `error:`/`fatal:`/`panic:` label (git, psql, Rust, Go, Node), an exception line
 *   (`ValueError: bad`, `java.lang.IllegalStateException: ...`, `Exception in thread "main"`),
 *   a traceback header, a runtime crash marker (`panicked at`, `Segmentation fault`, `core
 *   dumped`), a shell's `command not found`;
 * - `errorish`: it uses an error word ("failed", "cannot", "refused", "denied", "not found",
 *   "does not exist", "timed out", ...) without saying so; counts of zero ("0 errors") do not count.
 */
import { lineSeverity } from './line-severity.js';

export type ErrorLook = 'fatal' | 'errorish';

const FATAL_SHAPES = [
  // `error:`, `fatal:`, `panic:`, `fatal error:`, `error[E0425]:`, `Error:`, after a `prog:` label or two (`psql: error:`).
  /^\s*(?:[\w./@-]+:\s*){0,2}(?:error|fatal(?: error)?|panic|err)(?:\[\w+\])?\s*[:!]/i,
  // An exception or error class opening the line (Python's last traceback line, Java, .NET, Ruby, Node's `TypeError:`).
  /^\s*(?:Caused by: |Unhandled exception\. |Uncaught )?(?:[\w$]+[.:]{1,2})*[\w$]*(?:Exception|Error|Failure|Fault)\b(?::|$| \()/,
  /^Exception in thread\b|^Traceback \(most recent call last\):|^Unhandled (?:exception|rejection)\b|^Uncaught\b/,
  /\bpanicked at\b|^panic: |^fatal error: |\bSegmentation fault\b|\bcore dumped\b|^Aborted\b|^Killed\s*$|\bcommand not found\b|\bStack trace:|^\s*\*\*\* .*(?:error|fault)/i,
];

const ERROR_WORDS =
  /\b(?:error|errors|errno|fail(?:s|ed|ure|ing)?|cannot|can't|could ?n[o']t|unable to|refused|denied|forbidden|unauthori[sz]ed|not found|no such|does ?n[o']t exist|doesn't exist|timed? ?out|invalid|illegal|missing|exception|abort(?:ed|ing)?|crash(?:ed)?|killed|fatal|panic|violat(?:es|ed|ion)|unreachable|unavailable|exceeded|out of memory|no space left|unbound|undefined|unexpected|unrecognized|unsupported|rejected|incorrect|wrong|not set|bad (?:request|gateway|file descriptor|address|argument|option|value))\b/i;
const ZERO_COUNTS =
  /\b(?:0|no|zero|without) (?:errors?|failures?|failed|fail(?:ing)?|exceptions?)\b|\b(?:errors?|failures?|failed|fail(?:ing)?|exceptions?)"?\s*[=:]\s*(?:0|null|none|false)\b/gi;

export function errorLook(line: string): ErrorLook | undefined {
  const severity = lineSeverity(line);
  if (severity === 'error') return 'fatal';
  if (severity === 'debug') return undefined;
  if (severity !== 'info' && severity !== 'notice' && FATAL_SHAPES.some((shape) => shape.test(line))) return 'fatal';
  return ERROR_WORDS.test(line.replace(ZERO_COUNTS, '')) ? 'errorish' : undefined;
}

/**
 * A line that continues the trace or report above it: indented frames, `Caused by:`,
 * `... 12 more`, Python's chaining sentences, Go's goroutine headers.
 */
export function continuesErrorBlock(line: string): boolean {
  return (
    /^\s+\S/.test(line) ||
    /^(?:Caused by:|Suppressed:|During handling of the above exception|The above exception was the direct cause|goroutine \d+ \[|\[signal |Stack trace:|note: run with `RUST_BACKTRACE)/.test(
      line,
    )
  );
}
