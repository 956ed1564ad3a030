/**
 * The suggestion as a user pack: validated by the same checks as any pack (schema, the example
 * matches, the ReDoS check), so what `classify --suggest` prints passes `patterns check` as it
 * is; and rendered as YAML in the pack format, ready to paste into a pack of the user's.
 */
import { Document, isScalar, isSeq, visit } from 'yaml';
import { validatePack } from '../catalogue/validate-pack.js';
import { checkRegexComplexity } from '../checks/check-redos.js';
import { suggestPattern } from './suggest-pattern.js';
import type { SuggestedPattern } from './suggest-pattern.js';

export interface Suggestion {
  pack: string;
  pattern: SuggestedPattern;
  /** The pack file to paste (or merge into a pack of yours: keep the `<pack>.` prefix of the id). */
  yaml: string;
}

export async function renderSuggestion(line: string, pack = 'local'): Promise<Suggestion> {
  let pattern = suggestPattern(line, pack);
  if (!(await passesChecks(pattern, pack))) {
    // The generalized regex failed a check: the message itself, literally, always passes.
    pattern = { ...pattern, regex: literalRegex(line, pattern.regex) };
  }
  const data = { pack, patterns: [withoutGuess(pattern)] };
  const header = [
    `# Suggested by \`etl-cycle classify --suggest\` from line: ${oneLine(line)}`,
    pattern.classFrom
      ? `# class guessed from "${pattern.classFrom}": check it against docs/error-classes.md; add near_misses (healthy lines with the same words).`
      : '# no word gave the class away: choose it from docs/error-classes.md; add near_misses (healthy lines with the same words).',
    `# Save as ${pack}.yaml, list it under patterns.packs in etl-cycle.yaml, and check it: etl-cycle patterns check ${pack}.yaml`,
  ];
  return {
    pack,
    pattern,
    yaml: `${header.join('\n')}\n${toYaml(data)}`,
  };
}

async function passesChecks(pattern: SuggestedPattern, pack: string): Promise<boolean> {
  const checked = validatePack(`${pack}.yaml`, { pack, patterns: [withoutGuess(pattern)] }, { origin: 'user' });
  if (checked.problems.length > 0) return false;
  return (await checkRegexComplexity(pattern.regex, 'i')).safe;
}

function withoutGuess(pattern: SuggestedPattern): Omit<SuggestedPattern, 'classFrom'> {
  const { classFrom: _classFrom, ...rest } = pattern;
  return rest;
}

function literalRegex(line: string, fallback: string): string {
  const text = line.trim().slice(0, 120);
  return text.length > 0 ? text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : fallback;
}

function oneLine(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 100 ? `${trimmed.slice(0, 97)}...` : trimmed;
}

/** The pack format's style: plain keys and names, regexes, hints and examples in single quotes (backslashes stay as they are). */
function toYaml(data: unknown): string {
  const document = new Document(data);
  visit(document, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!['regex', 'hint', 'examples'].includes(key)) return;
      const items = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const item of items) if (isScalar(item) && typeof item.value === 'string') item.type = 'QUOTE_SINGLE';
    },
  });
  return document.toString({ lineWidth: 0 });
}
