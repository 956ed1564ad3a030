/**
 * Structural screens that prove a regex backtracks at most quadratically on a line (degree 2:
 * the implicit search loop times one loop), so the slow ReDoS checker need not be asked.
 * Anything they cannot prove goes to recheck; they never reject.
 *
 * 1. At most one loop, and every repeated part a single character, class or fixed sequence
 *    of them (iterations cannot split the same text two ways).
 * 2. Delimited loops: every loop repeats a single character set and is followed by a
 *    character it cannot match (`"(?<table>[^"]+)"`, `(?<host>[^\s:]+):`), by the end of the
 *    line, or by nothing. Such a loop has exactly one end where the match can go on, so giving
 *    characters back fails at once; per start position the work is linear.
 * Both exclude backreferences and lookarounds. A bounded repeat above LOOP_BOUND counts as a
 * loop (`.{0,5000}` backtracks like `.*`).
 */
import { RegExpParser } from '@eslint-community/regexpp';
import type { AST } from '@eslint-community/regexpp';

const LOOP_BOUND = 16;

type Follow = { kind: 'end' } | { kind: 'chars'; chars: number[] } | { kind: 'unknown' };

export function isTriviallyBounded(source: string, flags = 'i'): boolean {
  let pattern: AST.Pattern;
  try {
    pattern = new RegExpParser().parsePattern(source, 0, source.length, { unicode: false });
  } catch {
    return false;
  }
  return hasOneSimpleLoop(pattern) || hasOnlyDelimitedLoops(pattern, source, flags);
}

function hasOneSimpleLoop(pattern: AST.Pattern): boolean {
  let loops = 0;
  let bounded = true;
  const visit = (alternatives: readonly AST.Alternative[]) => {
    for (const alternative of alternatives) {
      for (const element of alternative.elements) {
        if (!bounded) return;
        if (element.type === 'Backreference' || isLookaround(element)) bounded = false;
        else if (element.type === 'Group' || element.type === 'CapturingGroup') visit(element.alternatives);
        else if (element.type === 'Quantifier') {
          if (!isFixedSequence(element.element)) bounded = false;
          if (element.max > LOOP_BOUND) loops += 1;
        }
      }
    }
  };
  visit(pattern.alternatives);
  return bounded && loops <= 1;
}

function hasOnlyDelimitedLoops(pattern: AST.Pattern, source: string, flags: string): boolean {
  const cleanFlags = flags.replace(/[gy]/g, '');
  const sequence = (elements: readonly AST.Element[], after: Follow): boolean =>
    elements.every((element, index) => {
      const follow = index + 1 < elements.length ? followOf(elements[index + 1] as AST.Element) : after;
      switch (element.type) {
        case 'Backreference':
          return false;
        case 'Assertion':
          return !isLookaround(element);
        case 'Group':
        case 'CapturingGroup':
          return element.alternatives.every((a) => sequence(a.elements, follow));
        case 'Quantifier': {
          const body = element.element;
          if (isCharSet(body)) return element.max <= LOOP_BOUND || cannotMatch(source.slice(body.start, body.end), cleanFlags, follow);
          // An optional group is a plain sequence when taken; repeated groups go to the checker.
          if ((body.type === 'Group' || body.type === 'CapturingGroup') && element.max <= 1)
            return body.alternatives.every((a) => sequence(a.elements, follow));
          return false;
        }
        default:
          return true;
      }
    });
  return pattern.alternatives.every((a) => sequence(a.elements, { kind: 'end' }));
}

/** What must come right after a loop, when that is one character (of a small set) or the end of the line. */
function followOf(element: AST.Element): Follow {
  if (element.type === 'Character') return { kind: 'chars', chars: [element.value] };
  if (element.type === 'CharacterClass' && !element.negate && element.elements.every((e) => e.type === 'Character')) {
    return { kind: 'chars', chars: element.elements.map((e) => (e as AST.Character).value) };
  }
  if (element.type === 'Assertion' && element.kind === 'end') return { kind: 'end' };
  if ((element.type === 'Group' || element.type === 'CapturingGroup') && element.alternatives.length === 1) {
    const first = element.alternatives[0]?.elements[0];
    return first ? followOf(first) : { kind: 'unknown' };
  }
  return { kind: 'unknown' };
}

/** The loop's character set matches none of the characters that must follow it (in any case). */
function cannotMatch(setSource: string, flags: string, follow: Follow): boolean {
  if (follow.kind === 'end') return true;
  if (follow.kind === 'unknown') return false;
  const set = new RegExp(`^(?:${setSource})$`, flags);
  return follow.chars.every((code) => {
    const char = String.fromCodePoint(code);
    return ![char, char.toLowerCase(), char.toUpperCase()].some((variant) => set.test(variant));
  });
}

function isLookaround(element: AST.Element): boolean {
  return element.type === 'Assertion' && (element.kind === 'lookahead' || element.kind === 'lookbehind');
}

function isCharSet(element: AST.QuantifiableElement): boolean {
  return element.type === 'Character' || element.type === 'CharacterClass' || element.type === 'CharacterSet';
}

function isFixedSequence(element: AST.QuantifiableElement): boolean {
  if (isCharSet(element)) return true;
  if (element.type === 'Group' || element.type === 'CapturingGroup') {
    const only = element.alternatives.length === 1 ? element.alternatives[0] : undefined;
    return (
      only !== undefined && only.elements.every((e) => e.type === 'Character' || e.type === 'CharacterClass' || e.type === 'CharacterSet')
    );
  }
  return false;
}
