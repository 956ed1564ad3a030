/**
 * Translates a pattern's JavaScript regex into a POSIX extended regex for `grep -E`, so grep
 * runs the same catalogue. Named groups become plain groups, lazy repeats greedy (the same
 * lines match), \d \w \s become bracket classes. What ERE cannot say (lookarounds,
 * backreferences, negated escapes inside a class, Unicode properties) makes the pattern
 * untranslatable: the bench skips it for grep and says how many it skipped.
 */
import { RegExpParser } from '@eslint-community/regexpp';
import type { AST } from '@eslint-community/regexpp';

class Untranslatable extends Error {}

const ERE_SPECIAL = /[.[\]()*+?{}|^$\\]/;

export function toExtendedRegex(source: string): string | undefined {
  try {
    const pattern = new RegExpParser().parsePattern(source, 0, source.length, { unicode: false });
    return alternatives(pattern.alternatives);
  } catch {
    return undefined;
  }
}

function alternatives(list: readonly AST.Alternative[]): string {
  return list.map((a) => a.elements.map(element).join('')).join('|');
}

function element(node: AST.Element): string {
  switch (node.type) {
    case 'Character':
      return literal(node.value);
    case 'CharacterSet':
      return characterSet(node);
    case 'CharacterClass':
      return characterClass(node);
    case 'Group':
    case 'CapturingGroup':
      return `(${alternatives(node.alternatives)})`;
    case 'Quantifier':
      return `${element(node.element)}${quantifier(node.min, node.max)}`;
    case 'Assertion':
      if (node.kind === 'start') return '^';
      if (node.kind === 'end') return '$';
      if (node.kind === 'word') return node.negate ? '\\B' : '\\b';
      throw new Untranslatable('lookaround');
    default:
      throw new Untranslatable(node.type);
  }
}

function literal(codePoint: number): string {
  const char = String.fromCodePoint(codePoint);
  return ERE_SPECIAL.test(char) ? `\\${char}` : char;
}

function quantifier(min: number, max: number): string {
  if (min === 0 && max === Infinity) return '*';
  if (min === 1 && max === Infinity) return '+';
  if (min === 0 && max === 1) return '?';
  if (max === Infinity) return `{${min},}`;
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

const POSIX_CLASS: Record<string, string> = { digit: '[:digit:]', word: '[:alnum:]_', space: '[:space:]' };

function characterSet(node: AST.CharacterSet): string {
  if (node.kind === 'any') return '.';
  if (node.kind === 'digit' || node.kind === 'word' || node.kind === 'space') return `[${node.negate ? '^' : ''}${POSIX_CLASS[node.kind]}]`;
  throw new Untranslatable(node.kind);
}

function characterClass(node: AST.CharacterClass): string {
  // In a POSIX bracket a backslash is ordinary, ] must come first, ^ anywhere but first, - last.
  let body = '';
  let bracket = false;
  let caret = false;
  let dash = false;
  for (const item of node.elements) {
    if (item.type === 'Character') {
      const char = String.fromCodePoint(item.value);
      if (char === ']') bracket = true;
      else if (char === '^') caret = true;
      else if (char === '-') dash = true;
      else body += char;
    } else if (item.type === 'CharacterClassRange') {
      const [min, max] = [String.fromCodePoint(item.min.value), String.fromCodePoint(item.max.value)];
      if (']^-'.includes(min) || ']^-'.includes(max)) throw new Untranslatable('range of bracket syntax');
      body += `${min}-${max}`;
    } else if (item.type === 'CharacterSet' && (item.kind === 'digit' || item.kind === 'word' || item.kind === 'space') && !item.negate) {
      body += POSIX_CLASS[item.kind];
    } else {
      throw new Untranslatable(item.type);
    }
  }
  let content = `${bracket ? ']' : ''}${body}${caret ? '^' : ''}${dash ? '-' : ''}`;
  if (content === '') throw new Untranslatable('empty class');
  if (content === '^') return node.negate ? '[^^]' : '\\^';
  if (content === '^-') content = '-^';
  return `[${node.negate ? '^' : ''}${content}]`;
}
