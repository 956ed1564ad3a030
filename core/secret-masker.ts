/**
 * Masks secrets in text, as GitHub Actions does: every occurrence of a secret value becomes
 * `***`, and so does the password of a URL (`postgres://etl:***@db:5432/warehouse`) whether or
 * not its value was registered.
 *
 * Masking works on whole lines (and on the strings of a report, deeply): output is split into
 * bounded lines before it is masked, so a secret split across two reads of a pipe is still
 * found. A value shorter than MIN_SECRET_LENGTH is refused (`add` says so and callers warn):
 * masking "etl" or "1" would blank ordinary words and numbers all over the output.
 *
 * The process has one masker, `processMasker`: secrets belong to the process, and every place
 * that writes (console, log files, reports, history) applies it without a caller having to
 * remember to pass it along, like the Actions runner masks what any step prints.
 */

export const MASK = '***';
export const MIN_SECRET_LENGTH = 4;

/** Values that are never secrets however a variable is named (`USE_TOKEN_AUTH=true`). */
const NOT_SECRETS = new Set(['true', 'false', 'yes', 'null', 'none', 'undefined']);

/**
 * `scheme://user:password@` — the password is what follows the first colon of the user info,
 * up to the last `@` before the host (a password may hold an unencoded `@`). Whitespace, quotes
 * and `/?#` end it, so masking never runs past the URL. Anchored on `://` (found with indexOf
 * first): a pattern starting with the scheme would be tried at every character of every line.
 */
const URL_CREDENTIALS = /:\/\/([^\s:@/?#"'<>]*):[^\s/?#"'<>]+@/g;

export type SecretAdded = 'added' | 'known' | 'too_short' | 'not_secret';

export class SecretMasker {
  /** Longest first, so a secret containing another is masked whole. */
  private secrets: string[] = [];
  /**
   * All secrets as one alternation: one pass over a line whatever their number (a loop of
   * indexOf calls costs a string-search setup per secret per line, several times slower).
   */
  private pattern: RegExp | undefined;

  /** Registers `value` (each of its lines, for a multi-line value such as a PEM key). */
  add(value: string): SecretAdded {
    const lines = value
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (lines.length === 0) return 'not_secret';
    if (lines.length === 1 && NOT_SECRETS.has(lines[0]!.toLowerCase())) return 'not_secret';
    const long = lines.filter((line) => line.length >= MIN_SECRET_LENGTH);
    if (long.length === 0) return 'too_short';
    const fresh = long.filter((line) => !this.secrets.includes(line));
    if (fresh.length === 0) return 'known';
    this.secrets = [...this.secrets, ...fresh].sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(this.secrets.map(escapeRegExp).join('|'), 'g');
    return 'added';
  }

  /** The registered values (for `::add-mask::` on GitHub Actions). */
  get values(): readonly string[] {
    return this.secrets;
  }

  /** `text` with every secret and URL password replaced by `***`. */
  mask(text: string): string {
    let out = this.pattern ? text.replace(this.pattern, MASK) : text;
    const scheme = out.indexOf('://');
    if (scheme !== -1 && out.indexOf('@', scheme) !== -1) out = out.replace(URL_CREDENTIALS, `://$1:${MASK}@`);
    return out;
  }

  /** A copy of `value` with every string in it masked (objects, arrays; keys are kept). */
  maskDeep<T>(value: T): T {
    return maskValue(value, (text) => this.mask(text)) as T;
  }

  /** Forget every secret (tests). */
  clear(): void {
    this.secrets = [];
    this.pattern = undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function maskValue(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, mask));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskValue(item, mask)]));
  }
  return value;
}

/** The passwords of the URLs in `text` (to register them as secrets of their own). */
export function urlPasswordsIn(text: string): string[] {
  const passwords: string[] = [];
  for (const match of text.matchAll(/:\/\/[^\s:@/?#"'<>]*:([^\s/?#"'<>]+)@/g)) passwords.push(match[1]!);
  return passwords;
}

/** The process's masker: what is registered here is masked wherever etl-cycle writes. */
export const processMasker = new SecretMasker();

/** `text` masked with the process's secrets. */
export function maskSecrets(text: string): string {
  return processMasker.mask(text);
}

/** A copy of `value` with every string masked with the process's secrets (reports, history rows). */
export function maskSecretsDeep<T>(value: T): T {
  return processMasker.maskDeep(value);
}
