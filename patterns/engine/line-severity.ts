/**
 * The severity a line declares for itself, read from its log-level marker: the level word of
 * the common log formats (`WARN`, `WARNING:`, `[Warning]`, `NOTICE:`, `level=warn`,
 * `"level":"warning"`, glog's `W0102 ...`, `npm warn`, git's `warning:`, Python's
 * `DeprecationWarning:`). A message the program itself calls a warning or a notice is not
 * what made the run fail (`NOTICE: relation "x" already exists, skipping`, MySQL's
 * `Warning (Code 1062)` after INSERT IGNORE), so root-cause selection ranks it lower.
 *
 * Only markers in a level's position count: an uppercase level word standing alone, or the
 * explicit forms above. The earliest marker of the line decides (`WARN ... ERROR` is a
 * warning that mentions an error). Lines without a marker have no severity (most do not).
 */
export type Severity = 'debug' | 'info' | 'notice' | 'warning' | 'error';

/** Looked for in the first characters only: the level sits in a line's prefix, after a timestamp and a logger name at most. */
const PREFIX_CHARS = 160;

const LEVEL_WORDS: Readonly<Record<string, Severity>> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  DBG: 'debug',
  INFO: 'info',
  LOG: 'info',
  NOTICE: 'notice',
  WARN: 'warning',
  WARNING: 'warning',
  ERROR: 'error',
  ERR: 'error',
  FATAL: 'error',
  CRITICAL: 'error',
  CRIT: 'error',
  SEVERE: 'error',
  PANIC: 'error',
  ALERT: 'error',
  EMERG: 'error',
};

/** Uppercase level words as whole tokens (`WARN[0000]`, `[ERROR]`, `ERROR:`, ` INFO `, `|WARN|`). */
const UPPER_LEVEL =
  /(?<![A-Za-z0-9_])(TRACE|DEBUG|DBG|INFO|LOG|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|CRIT|SEVERE|PANIC|ALERT|EMERG)(?![A-Za-z0-9_])/;
/** `level=warn`, `lvl: error`, `"level":"warning"`, `severity=notice` in any case. */
const KEYED_LEVEL =
  /\b(?:level|lvl|severity|loglevel)"?\s*[=:]\s*"?(trace|debug|info|notice|warn|warning|error|err|fatal|critical|crit|panic)\b/i;
/** `[Warning]`, `[Note]`, `[notice]` (MySQL, Apache, nginx), `<warn>`. */
const BRACKETED_LEVEL = /[[<](warning|warn|note|notice|error|info|debug|crit|alert|emerg)[\]>]/i;
/** glog/klog: `W0102 15:04:05.000000 ...`. */
const GLOG_LEVEL = /^([IWEF])\d{4} \d\d:\d\d:\d\d/;
/** `warning:`/`Warning:` opening a line (git, gcc, php, the mysql client's `Warning (Code 1062)`), `npm warn`, `npm notice`. */
const WORD_LEVEL = /^(?:\S+:\s+)?(?:(warning|warn|notice|note)\b\s*[:(]|npm (warn|notice|error)\b)/i;
/** Python's warnings: `DeprecationWarning:`, `UserWarning:`. */
const PYTHON_WARNING = /\b[A-Z][A-Za-z]*Warning:/;

const GLOG: Readonly<Record<string, Severity>> = { I: 'info', W: 'warning', E: 'error', F: 'error' };

export function lineSeverity(line: string): Severity | undefined {
  const prefix = line.length > PREFIX_CHARS ? line.slice(0, PREFIX_CHARS) : line;
  let best: { at: number; severity: Severity } | undefined;
  const consider = (at: number, severity: Severity | undefined) => {
    if (severity !== undefined && (best === undefined || at < best.at)) best = { at, severity };
  };
  const glog = GLOG_LEVEL.exec(prefix);
  if (glog) return GLOG[glog[1] as string];
  const upper = UPPER_LEVEL.exec(prefix);
  if (upper) consider(upper.index, LEVEL_WORDS[upper[1] as string]);
  const keyed = KEYED_LEVEL.exec(prefix);
  if (keyed) consider(keyed.index, fromWord(keyed[1] as string));
  const bracketed = BRACKETED_LEVEL.exec(prefix);
  if (bracketed) consider(bracketed.index, fromWord(bracketed[1] as string));
  const word = WORD_LEVEL.exec(prefix);
  if (word) consider(word.index, fromWord((word[1] ?? word[2]) as string));
  const python = PYTHON_WARNING.exec(prefix);
  if (python) consider(python.index, 'warning');
  return best?.severity;
}

function fromWord(word: string): Severity | undefined {
  switch (word.toLowerCase()) {
    case 'trace':
    case 'debug':
      return 'debug';
    case 'info':
      return 'info';
    case 'note':
    case 'notice':
      return 'notice';
    case 'warn':
    case 'warning':
      return 'warning';
    case 'error':
    case 'err':
    case 'fatal':
    case 'critical':
    case 'crit':
    case 'panic':
    case 'alert':
    case 'emerg':
      return 'error';
    default:
      return undefined;
  }
}
