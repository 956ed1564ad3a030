import { RegExpParser, visitRegExpAST } from '@eslint-community/regexpp';

/**
 * A pattern's regex source with its named groups made non-capturing, so many patterns can
 * be joined into the naive baseline's one big alternation (duplicate group names are a syntax
 * error there). Undefined for regexes with backreferences, which cannot be joined safely.
 */
export function toPlainJsRegex(source: string): string | undefined {
  const pattern = new RegExpParser().parsePattern(source, 0, source.length, { unicode: false });
  const cuts: { start: number; length: number }[] = [];
  let backreference = false;
  visitRegExpAST(pattern, {
    onCapturingGroupEnter(node) {
      if (node.name !== null) cuts.push({ start: node.start, length: `(?<${node.name}>`.length });
    },
    onBackreferenceEnter() {
      backreference = true;
    },
  });
  if (backreference) return undefined;
  let out = source;
  for (const cut of cuts.sort((a, b) => b.start - a.start)) out = `${out.slice(0, cut.start)}(?:${out.slice(cut.start + cut.length)}`;
  return out;
}
