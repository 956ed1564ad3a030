/**
 * Required literals of a regex, for the prefilter: a set of lowercase strings such that every
 * line the regex matches contains at least one of them. Lines that contain none are never
 * handed to the full regex, which is what keeps classification of large logs fast.
 *
 * Derived from the regex's syntax tree (parsed with regexpp, not guessed from the source text):
 * runs of plain characters outside quantifiers, through non-quantified groups, and across
 * `|` as one literal per branch. Only ASCII characters take part, so lowercasing a line and
 * `includes` agree with the RegExp `i` flag (which folds ASCII letters only among themselves
 * outside Unicode mode). An empty result means "no usable literal": the pattern runs on
 * every line.
 */
import { RegExpParser } from '@eslint-community/regexpp';
import type { AST } from '@eslint-community/regexpp';

/** A set of alternatives: a match contains at least one; null = nothing is required. */
type Requirement = string[] | null;

export function deriveLiterals(source: string): string[] {
  let pattern: AST.Pattern;
  try {
    pattern = new RegExpParser().parsePattern(source, 0, source.length, { unicode: false });
  } catch {
    return []; // The caller reports invalid regexes; without a tree nothing is provably required.
  }
  return requirementOfAlternatives(pattern.alternatives) ?? [];
}

function requirementOfAlternatives(alternatives: readonly AST.Alternative[]): Requirement {
  const union = new Set<string>();
  for (const alternative of alternatives) {
    const required = requirementOfSequence(alternative.elements);
    if (required === null) return null; // One branch without a literal: any line may match.
    for (const literal of required) union.add(literal);
  }
  return union.size === 0 ? null : reduceToMinimal([...union]);
}

/** A run may branch into at most this many variants (`(?:read|open|write)timeout`, `sql ?state`) before it is cut. */
const MAX_VARIANTS = 8;

/**
 * The best requirement among a sequence's literal runs and its required sub-parts. A run is a
 * set of variants: a group of plain alternatives (`Net::(?:Read|Open|Write)Timeout`) or an
 * optional character (`sql ?state`) multiplies them, so the run stays one long literal per
 * variant instead of breaking into short pieces ("timeout", "state") that half the lines of a
 * log contain.
 */
function requirementOfSequence(elements: readonly AST.Element[]): Requirement {
  const options: string[][] = [];
  let run: string[] = [''];
  const breakRun = () => {
    // A run with an empty variant (`s?` alone) requires nothing: a line may hold none of it.
    if (run.every((variant) => variant.length > 0)) options.push([...new Set(run)]);
    run = [''];
  };
  const extend = (suffixes: readonly string[]) => {
    if (run.length * suffixes.length > MAX_VARIANTS) {
      breakRun();
      run = [...suffixes];
      return;
    }
    run = run.flatMap((prefix) => suffixes.map((suffix) => prefix + suffix));
  };
  const walk = (items: readonly AST.Element[]) => {
    for (const element of items) {
      const char = literalChar(element);
      if (char !== undefined) {
        extend([char]);
        continue;
      }
      if ((element.type === 'Group' || element.type === 'CapturingGroup') && !('modifiers' in element && element.modifiers)) {
        const only = element.alternatives.length === 1 ? element.alternatives[0] : undefined;
        if (only) {
          walk(only.elements); // A plain group is part of the sequence: runs continue through it.
          continue;
        }
        const plain = plainAlternatives(element.alternatives);
        if (plain) {
          extend(plain);
          continue;
        }
        breakRun();
        const inner = requirementOfAlternatives(element.alternatives);
        if (inner) options.push(inner);
        continue;
      }
      if (element.type === 'Quantifier' && element.min === 0 && element.max === 1) {
        const optional = literalChar(element.element as AST.Element);
        if (optional !== undefined) {
          extend(['', optional]); // `sql ?state`: "sqlstate" or "sql state"
          continue;
        }
      }
      breakRun();
      if (element.type === 'Quantifier' && element.min >= 1) {
        const inner = requirementOfSequence([element.element]);
        if (inner) options.push(inner);
      }
      // Assertions, character sets, backreferences and optional parts require no literal.
    }
  };
  walk(elements);
  breakRun();
  return best(options);
}

/** The alternatives of a group as plain strings, when every one is a run of literal characters (and there are few). */
function plainAlternatives(alternatives: readonly AST.Alternative[]): string[] | undefined {
  if (alternatives.length > MAX_VARIANTS) return undefined;
  const out: string[] = [];
  for (const alternative of alternatives) {
    let text = '';
    for (const element of alternative.elements) {
      const char = literalChar(element);
      if (char === undefined) return undefined;
      text += char;
    }
    out.push(text);
  }
  return out;
}

/** The plain ASCII character an element always matches (case-folded), if it is one. */
function literalChar(element: AST.Element): string | undefined {
  if (element.type === 'Character') return asciiChar(element.value);
  if (element.type === 'CharacterClass' && !element.negate && element.elements.length > 0) {
    // `[Ee]rror` is the literal "error" once case is folded.
    let folded: string | undefined;
    for (const item of element.elements) {
      if (item.type !== 'Character') return undefined;
      const char = asciiChar(item.value);
      if (char === undefined || (folded !== undefined && char !== folded)) return undefined;
      folded = char;
    }
    return folded;
  }
  return undefined;
}

function asciiChar(codePoint: number): string | undefined {
  const printable = codePoint === 0x09 || (codePoint >= 0x20 && codePoint <= 0x7e);
  return printable ? String.fromCharCode(codePoint).toLowerCase() : undefined;
}

/** Prefer the requirement whose least selective literal is most selective, then fewer literals. */
function best(options: string[][]): Requirement {
  let chosen: string[] | null = null;
  for (const option of options) {
    if (chosen === null || isBetter(option, chosen)) chosen = option;
  }
  return chosen;
}

/**
 * How rarely a literal occurs in output, roughly: its length, with digits counting double and
 * punctuation triple (`08001`, `net::`, `(111)` are rare in healthy logs, while words like
 * `timeout`, `state` or `status` fill them). Below four characters a literal is short
 * whatever it holds (`50`, `401` are in every other number).
 */
export function selectivity(literal: string): number {
  if (literal.length < 4) return literal.length;
  let score = 0;
  for (const char of literal) score += /[a-z ]/.test(char) ? 1 : /\d/.test(char) ? 2 : 3;
  return score;
}

function isBetter(a: string[], b: string[]): boolean {
  const minA = Math.min(...a.map(selectivity));
  const minB = Math.min(...b.map(selectivity));
  if (minA !== minB) return minA > minB;
  return a.length < b.length;
}

/** Drop literals that contain another literal of the set: the shorter one already finds those lines. */
function reduceToMinimal(literals: string[]): string[] {
  const sorted = [...new Set(literals)].sort((x, y) => x.length - y.length || (x < y ? -1 : 1));
  const kept: string[] = [];
  for (const literal of sorted) {
    if (!kept.some((shorter) => literal.includes(shorter))) kept.push(literal);
  }
  return kept;
}
