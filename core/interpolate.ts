/**
 * Compose variable interpolation for one string: `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}` and `$$` for a
 * literal `$`. Defaults, alternatives and error texts may themselves hold `${...}` (nested), and
 * are only evaluated when used, as a shell would (Compose evaluates them eagerly, which only
 * differs in that a `${X:?}` inside an unused default does not fail here).
 */

/** Value of a variable, undefined when it is not set (set-but-empty is ""). */
export type VariableLookup = (name: string) => string | undefined;

export interface InterpolatedString {
  value: string;
  /** Variables used bare (`$VAR`, `${VAR}`) that were not set and became "". */
  unset: string[];
}

/** Bad syntax (`${VAR`, `$1`) or a required variable without a value (`variable` is then set). */
export class InterpolationError extends Error {
  constructor(
    message: string,
    readonly variable?: string,
  ) {
    super(message);
    this.name = 'InterpolationError';
  }
}

const NAME_START = /[_a-zA-Z]/;
const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

export function interpolateString(template: string, lookup: VariableLookup): InterpolatedString {
  const unset: string[] = [];
  const value = substitute(template, lookup, unset);
  return { value, unset };
}

function substitute(template: string, lookup: VariableLookup, unset: string[]): string {
  if (!template.includes('$')) return template;
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c !== '$') {
      out += c;
      i += 1;
      continue;
    }
    const next = template[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const close = closingBrace(template, i + 2);
      if (close < 0)
        throw new InterpolationError(`unclosed "\${" in ${JSON.stringify(template)}; close it with "}" or write "$$" for a literal "$"`);
      out += braced(template.slice(i + 2, close), lookup, unset);
      i = close + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      const name = NAME.exec(template.slice(i + 1))![0];
      out += plain(name, lookup, unset);
      i += 1 + name.length;
    } else {
      throw new InterpolationError(
        `invalid interpolation in ${JSON.stringify(template)}: "$" must be followed by a variable name or "{"; write "$$" for a literal "$"`,
      );
    }
  }
  return out;
}

/** Index of the `}` closing the `${` whose body starts at `from`, counting nested `${`. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j += 1) {
    if (text[j] === '$' && text[j + 1] === '$') {
      j += 1;
    } else if (text[j] === '$' && text[j + 1] === '{') {
      depth += 1;
      j += 1;
    } else if (text[j] === '}') {
      depth -= 1;
      if (depth === 0) return j;
    }
  }
  return -1;
}

function plain(name: string, lookup: VariableLookup, unset: string[]): string {
  const value = lookup(name);
  if (value === undefined) {
    unset.push(name);
    return '';
  }
  return value;
}

function braced(body: string, lookup: VariableLookup, unset: string[]): string {
  const match = NAME.exec(body);
  if (!match)
    throw new InterpolationError(`invalid variable name in "\${${body}}"; names are letters, digits and "_", not starting with a digit`);
  const name = match[0];
  const rest = body.slice(name.length);
  if (rest === '') return plain(name, lookup, unset);

  const colon = rest.startsWith(':');
  const operator = rest[colon ? 1 : 0];
  const operand = rest.slice(colon ? 2 : 1);
  const value = lookup(name);
  // With ":" an empty value counts as unset, as in the shell.
  const hasValue = colon ? value !== undefined && value !== '' : value !== undefined;
  switch (operator) {
    case '-':
      return hasValue ? value! : substitute(operand, lookup, unset);
    case '+':
      return hasValue ? substitute(operand, lookup, unset) : '';
    case '?':
      if (hasValue) return value!;
      throw new InterpolationError(
        `required variable ${name} is ${value === undefined ? 'not set' : 'empty'}${operand ? `: ${substitute(operand, lookup, unset)}` : ''}`,
        name,
      );
    default:
      throw new InterpolationError(
        `invalid interpolation "\${${body}}": expected \${${name}}, \${${name}:-default}, \${${name}-default}, \${${name}:?error}, \${${name}?error}, \${${name}:+alt} or \${${name}+alt}`,
      );
  }
}
