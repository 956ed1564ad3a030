/** A GitHub-flavoured Markdown table, columns padded so it also reads well as plain text. */
export type Align = 'left' | 'right';

export function formatMarkdownTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const cells = [header, ...rows].map((row) => header.map((_, i) => escape(row[i] ?? '')));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((row) => row[i]!.length)));
  const pad = (text: string, i: number) => (align[i] === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const line = (row: readonly string[]) => `| ${row.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (align[i] === 'right' ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  const [head, ...body] = cells;
  return [line(head!), rule, ...body.map(line)].join('\n');
}
