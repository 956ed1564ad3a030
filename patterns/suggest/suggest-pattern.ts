/**
 * `classify --suggest`: a pattern for a user pack, proposed from the line that most likely
 * explains a failure no pattern knew. The line's message is kept as literal text (the prefix a
 * logger adds, a timestamp, a level, is dropped) and what varies from run to run becomes a
 * capture or a class: quoted names (captured under the standard name the word before them
 * suggests: `relation "x"` → table), host:port, paths, URLs, ids, numbers. Every repeat in
 * the result is a character set followed by a character it cannot match, so the regex is
 * linear per position (it passes the ReDoS check without the slow checker). The class is a
 * guess from the message's words; the author confirms it.
 */
import type { ErrorClassId } from '../../core/error-classes.js';

export interface SuggestedPattern {
  id: string;
  class: ErrorClassId;
  regex: string;
  hint: string;
  examples: string[];
  /** Which words made the class guess (empty: no word did, the class is a placeholder). */
  classFrom: string;
}

/** Messages longer than this are cut at a word: their end is usually the part that varies. */
const MAX_MESSAGE_CHARS = 120;

const PREFIXES = [
  // ISO-ish timestamps, with a bracket, zone or fraction: 2026-11-22 05:02:06.259 UTC, [2024-05-01T09:14:02,512Z]
  /^\[?\d{4}-\d\d-\d\d[T ,]\s?\d{1,2}:\d\d:\d\d(?:[.,]\d+)?(?:Z| ?UTC| ?[+-]\d\d:?\d\d)?\]?,?\s*/,
  /^\[?\d{1,2}:\d\d:\d\d(?:[.,]\d+)?\]?\s+/, // 09:05:40  (dbt), [12:00:01]
  /^\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\s+/, // 24/05/01 09:50:01 (Spark)
  /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d\s+/, // syslog
  /^[\w.-]+(?:-\d+)?\s+\|\s/, // compose: "migrate-1  | "
  /^\[\d+\]\s*/, // [19]
];
/** A level marker and what leads up to it (`psql:/etl/load.sql:12: ERROR:  `, `[main] ERROR Loader - `, `error: `). */
const LEVEL_PREFIX =
  /^(?:[^\s]*\s+){0,4}?(?:\[?(?:ERROR|FATAL|CRITICAL|PANIC|SEVERE|ERR)\]?:?\s+(?!\d)(?:[\w.$[\]-]+\s+-\s+)?|(?:[\w./-]+:\s*)*(?:error|fatal|panic):\s+)/;

const CAPTURE_BY_WORD: Readonly<Record<string, string>> = {
  relation: 'table',
  table: 'table',
  view: 'table',
  database: 'database',
  db: 'database',
  schema: 'schema',
  keyspace: 'database',
  user: 'user',
  role: 'role',
  login: 'user',
  file: 'path',
  directory: 'path',
  path: 'path',
  script: 'path',
  host: 'host',
  hostname: 'host',
  server: 'host',
  service: 'service',
  container: 'container',
  image: 'image',
  constraint: 'constraint',
  index: 'constraint',
  key: 'constraint',
  column: 'column',
  command: 'command',
  task: 'task',
};

const TOKEN =
  /"[^"\n]*"|'[^'\n]*'|`[^`\n]*`|\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+|(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?|[A-Za-z][\w.-]*:\d{2,5}\b|\/[\w.@%+-]+(?:\/[\w.@%+-]*)+|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b|\d+(?:\.\d+)*|\s+|[A-Za-z_]\w*|[^\sA-Za-z_\d]/gi;

export function suggestPattern(line: string, pack = 'local'): SuggestedPattern {
  const message = messageOf(line);
  const guess = guessClass(message);
  const built = buildRegex(message);
  const regex = new RegExp(built.source, 'i').test(line) ? built.source : escapeRegex(message);
  const slug = (message.toLowerCase().match(/[a-z]{3,}/g) ?? []).filter((w) => !STOP_WORDS.has(w)).slice(0, 2);
  return {
    id: `${pack}.${[guess.class, ...slug].join('_').slice(0, 60).replace(/_+$/, '')}`,
    class: guess.class,
    regex,
    hint: hintFor(guess.class, regex === built.source ? built.shown : message.replace(/[{}]/g, '')),
    examples: [line],
    classFrom: guess.from,
  };
}

/** The message without the prefix a logger adds: timestamps, a process id, a compose service, the level marker. */
export function messageOf(line: string): string {
  let text = line.trim();
  for (let changed = true; changed;) {
    changed = false;
    for (const prefix of PREFIXES) {
      const cut = text.replace(prefix, '');
      if (cut !== text && cut.length > 0) {
        text = cut;
        changed = true;
      }
    }
  }
  const level = LEVEL_PREFIX.exec(text);
  if (level && level[0].length < text.length && level[0].length <= 80) text = text.slice(level[0].length);
  if (text.length > MAX_MESSAGE_CHARS) {
    const cut = text.lastIndexOf(' ', MAX_MESSAGE_CHARS);
    text = text.slice(0, cut > 40 ? cut : MAX_MESSAGE_CHARS);
  }
  return text.trim();
}

/** The regex, and the message as a hint shows it: what varies becomes `{capture}` or `...`. */
function buildRegex(message: string): { source: string; shown: string } {
  const used = new Set<string>();
  const capture = (name: string | undefined, body: string) => {
    if (name === undefined || used.has(name)) return { regex: body, shown: '...' };
    used.add(name);
    return { regex: `(?<${name}>${body})`, shown: `{${name}}` };
  };
  const parts: string[] = [];
  const shown: string[] = [];
  const push = (regex: string, text: string) => {
    parts.push(regex);
    shown.push(text);
  };
  let previousWord = '';
  for (const [token] of message.matchAll(TOKEN)) {
    const first = token[0] as string;
    if (/^\s+$/.test(token)) {
      push(token.length > 1 ? '\\s+' : ' ', ' ');
      continue;
    }
    if ((first === '"' || first === "'" || first === '`') && token.length > 2) {
      const inner = capture(CAPTURE_BY_WORD[previousWord], `[^${first}]+`);
      push(`${first}${inner.regex}${first}`, `${first}${inner.shown}${first}`);
    } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(token)) {
      // A URL: its scheme stays, the rest varies.
      const scheme = token.slice(0, token.indexOf('://'));
      push(`${escapeRegex(scheme)}://[^\\s"'<>]+`, `${scheme}://...`);
    } else if (/^(?:\d{1,3}\.){3}\d{1,3}/.test(token) || /^[A-Za-z][\w.-]*:\d{2,5}$/.test(token)) {
      const [hostPart, portPart] = token.split(':');
      const host = capture('host', /^\d/.test(hostPart ?? '') ? '[\\d.]+' : '[\\w.-]+');
      if (portPart === undefined) push(host.regex, host.shown);
      else {
        const port = capture('port', '\\d+');
        push(`${host.regex}:${port.regex}`, `${host.shown}:${port.shown}`);
      }
    } else if (first === '/' && token.length > 1) {
      const path = capture('path', `/[^\\s:'",;)]+`);
      push(path.regex, path.shown);
    } else if (/^[0-9a-f-]{8,}$/i.test(token) && /\d/.test(token)) {
      push('[0-9a-f-]+', '...');
    } else if (/^\d/.test(token)) {
      // Codes stay: "ERROR 1146", "exit code 3", "errno 111" name the failure; other numbers vary.
      if (CODE_WORDS.has(previousWord) && !token.includes('.')) push(token, token);
      else if (token.includes('.')) push('[\\d.]+', 'N');
      else {
        const number = capture(previousWord === 'port' ? 'port' : undefined, '\\d+');
        push(number.regex, number.shown === '...' ? 'N' : number.shown);
      }
    } else {
      push(escapeRegex(token), token.replace(/\{/g, '(').replace(/\}/g, ')'));
    }
    if (/^[A-Za-z_]\w*$/.test(token)) previousWord = token.toLowerCase();
  }
  return { source: parts.join(''), shown: shown.join('') };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Most specific first: "password authentication failed ... connection" is auth_failed, not a connection problem. */
const CLASS_WORDS: readonly [ErrorClassId, RegExp][] = [
  ['data_rejected', /rows accepted|data rejected|acceptance ratio/i],
  ['disk_full', /no space left|disk (?:is )?full|ENOSPC|quota exceeded|disk quota/i],
  ['out_of_memory', /out of memory|\bOOM\b|cannot allocate memory|ENOMEM|heap space|memory limit|allocation failed/i],
  ['port_in_use', /address already in use|port is already allocated|EADDRINUSE|bind.*in use/i],
  ['image_unavailable', /pull access denied|manifest unknown|no such image|image .*not found|repository does not exist/i],
  [
    'auth_failed',
    /password|authenticat|access denied for user|unauthori[sz]ed|\b401\b|invalid credentials|login failed|bad credentials|NOAUTH|WRONGPASS/i,
  ],
  [
    'permission_denied',
    /permission denied|access denied|forbidden|\b403\b|not allowed|EACCES|EPERM|insufficient privilege|read-?only|NOPERM|not permitted/i,
  ],
  ['deadlock', /deadlock|lock wait timeout|serializ(?:ation|able) failure|could not serialize/i],
  ['too_many_connections', /too many (?:connections|clients)|connection limit|max_connections|remaining connection slots/i],
  ['timeout', /timed? ?out|timeout|deadline exceeded|ETIMEDOUT/i],
  [
    'dns_failure',
    /could not resolve|name or service not known|no such host|getaddrinfo|ENOTFOUND|EAI_AGAIN|unknown host|temporary failure in name resolution/i,
  ],
  ['connection_refused', /refused|ECONNREFUSED|connection reset|ECONNRESET|could not connect|failed to connect|unreachable|broken pipe/i],
  ['service_starting', /starting up|not yet accepting|initiali[sz]ing|not ready|loading the dataset|still starting/i],
  ['constraint_violation', /duplicate key|unique constraint|foreign key|violates|not-null|NOT NULL constraint|check constraint|integrity/i],
  ['already_exists', /already exists|EEXIST|duplicate|conflict/i],
  ['missing_database', /(?:database|schema|keyspace|catalog) .*(?:does not exist|not found|unknown)|unknown database|no such database/i],
  ['missing_table', /(?:relation|table|view) .*(?:does ?n[o']t exist|not found)|no such table|unknown table|undefined table/i],
  ['file_not_found', /no such file|not found|ENOENT|cannot find|can't open|cannot open|does not exist|missing/i],
  ['syntax_error', /syntax error|parse error|unexpected (?:token|end|character)|invalid syntax|syntaxerror|unterminated/i],
  ['upstream_error', /\b5\d\d\b|bad gateway|service unavailable|internal server error|gateway time-?out|upstream/i],
  ['crash', /segmentation fault|panic|core dumped|SIGSEGV|SIGABRT|fatal error|killed|aborted|crash/i],
];

function guessClass(message: string): { class: ErrorClassId; from: string } {
  for (const [klass, words] of CLASS_WORDS) {
    const found = words.exec(message);
    if (found) return { class: klass, from: found[0] };
  }
  return { class: 'crash', from: '' };
}

const HINTS: Readonly<Partial<Record<ErrorClassId, string>>> = {
  connection_refused: 'Nothing accepts connections yet: wait for the service to be ready.',
  service_starting: 'The service is still starting: wait for it to be ready.',
  timeout: 'An operation ran out of time: give it longer or find what it waits for.',
  dns_failure: 'A host name did not resolve: check the name and the network.',
  auth_failed: 'The credentials were rejected: check the user and password.',
  permission_denied: 'Not allowed: check grants and file permissions.',
  file_not_found: 'A file or command is missing: check the path.',
  missing_table: 'A table is missing: create the schema before this step.',
  missing_database: 'A database or schema is missing: create it before this step.',
  already_exists: 'Something already exists: make the step idempotent or clean up first.',
  port_in_use: 'A port is taken: free it or use another.',
  out_of_memory: 'Out of memory: raise the limit or lower the load.',
  disk_full: 'The disk is full: free space or grow the volume.',
  image_unavailable: 'The image cannot be pulled or built: check its name and registry access.',
  syntax_error: 'A syntax error: fix the statement or file.',
  constraint_violation: 'A constraint was violated: the load is not idempotent or the data is bad.',
  deadlock: 'Transactions deadlocked: retry.',
  too_many_connections: 'Too many connections: lower the parallelism.',
  upstream_error: 'An upstream service failed: retry later.',
  crash: 'The program failed: check its message and configuration.',
  data_rejected: 'The data failed a validation gate: fix the source data or the transformation, not the stack.',
};

function hintFor(klass: ErrorClassId, shown: string): string {
  const plain = shown.replace(/[.:;,\s]+$/, '');
  const cut = plain.lastIndexOf(' ', 70);
  const what = plain.length > 80 ? `${plain.slice(0, cut > 30 ? cut : 70).trimEnd()} ...` : plain;
  const advice = HINTS[klass] ?? '';
  return `${what}: ${advice.charAt(0).toLowerCase()}${advice.slice(1)}`;
}

const CODE_WORDS = new Set(['error', 'code', 'errno', 'status', 'exit', 'sqlstate', 'err']);

const STOP_WORDS = new Set([
  'the',
  'and',
  'for',
  'with',
  'that',
  'this',
  'from',
  'not',
  'was',
  'are',
  'has',
  'have',
  'had',
  'but',
  'you',
  'your',
  'error',
  'fatal',
  'failed',
  'cannot',
  'could',
  'unable',
  'while',
  'when',
  'into',
  'onto',
  'been',
  'its',
  'does',
  'did',
]);
