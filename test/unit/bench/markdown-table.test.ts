import { describe, expect, it } from 'vitest';
import { formatMarkdownTable } from '../../../bench/support/markdown-table.js';

describe('formatMarkdownTable', () => {
  it('pads columns, aligns right where asked and escapes pipes', () => {
    const table = formatMarkdownTable(
      ['tool', 'time'],
      [
        ['etl-cycle', '3.5 s'],
        ['a|b', '12.0 s'],
      ],
      ['left', 'right'],
    );
    expect(table.split('\n')).toEqual([
      '| tool      |   time |',
      '|:----------|-------:|',
      '| etl-cycle |  3.5 s |',
      '| a\\|b      | 12.0 s |',
    ]);
  });

  it('fills missing cells and keeps at least three dashes', () => {
    expect(formatMarkdownTable(['a', 'b'], [['x']]).split('\n')).toEqual(['| a   | b   |', '|:----|:----|', '| x   |     |']);
  });
});
