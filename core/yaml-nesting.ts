/**
 * A bound on how deep a YAML document nests, checked on the text before it is parsed. The yaml
 * parser recurses once per level: thousands of levels (`[[[[…`, or a mapping indented one more
 * space on every line) overflow the stack, and when that happens while V8 compiles a regular
 * expression the process dies with a fatal out-of-memory instead of an error we could report.
 * Real configuration files nest a handful of levels; these limits are far above that.
 *
 * The scan is deliberately simple: it skips quoted strings and comments, counts flow brackets
 * and measures indentation. Text inside block scalars (`run: |`) is scanned too; it would take
 * dozens of unclosed brackets or a line indented past MAX_INDENT there to be refused.
 */
export const MAX_FLOW_DEPTH = 64;
export const MAX_INDENT = 256;

export interface NestingProblem {
  /** 1-based line where the limit was passed. */
  line: number;
  message: string;
}

export function findNestingProblem(text: string): NestingProblem | undefined {
  let depth = 0;
  let line = 1;
  let quote: '"' | "'" | undefined;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '\n') {
      line += 1;
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === ' ') {
        indent += 1;
        if (indent > MAX_INDENT) {
          return { line, message: `indented more than ${MAX_INDENT} columns: nested too deep for a configuration file` };
        }
        continue;
      }
      lineStart = false;
    }
    if (quote === '"') {
      if (c === '\\') i += 1;
      else if (c === '"') quote = undefined;
      continue;
    }
    if (quote === "'") {
      if (c === "'" && text[i + 1] === "'") i += 1;
      else if (c === "'") quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t' || text[i - 1] === '\n')) {
      const end = text.indexOf('\n', i);
      i = (end === -1 ? text.length : end) - 1;
    } else if (c === '[' || c === '{') {
      depth += 1;
      if (depth > MAX_FLOW_DEPTH)
        return { line, message: `more than ${MAX_FLOW_DEPTH} nested [ ] or { }: nested too deep for a configuration file` };
    } else if ((c === ']' || c === '}') && depth > 0) depth -= 1;
  }
  return undefined;
}
