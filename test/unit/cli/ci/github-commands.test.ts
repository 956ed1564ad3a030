import { describe, expect, it } from 'vitest';
import { annotation, escapeData, escapeProperty, workflowCommand } from '../../../../cli/ci/github-commands.js';

describe('GitHub workflow commands', () => {
  it('escapes only %, CR and LF in a message: colons and commas stay readable', () => {
    expect(escapeData('50% done: a, b\r\nnext')).toBe('50%25 done: a, b%0D%0Anext');
  });

  it('escapes : and , too in a property value (they separate properties)', () => {
    expect(escapeProperty('etl-cycle: stopped, 2 iterations\n')).toBe('etl-cycle%3A stopped%2C 2 iterations%0A');
  });

  it('writes file, line and col of an annotation, in that form', () => {
    expect(
      annotation('error', 'loop.max_iteration: unknown field; did you mean "max_iterations"?', { file: 'etl-cycle.yaml', line: 5, col: 3 }),
    ).toBe('::error file=etl-cycle.yaml,line=5,col=3::loop.max_iteration: unknown field; did you mean "max_iterations"?');
  });

  it('leaves out properties that are not set', () => {
    expect(workflowCommand('warning', { title: 'etl-cycle', file: undefined, line: undefined }, 'a: b')).toBe(
      '::warning title=etl-cycle::a: b',
    );
    expect(workflowCommand('group', {}, 'iteration 1')).toBe('::group::iteration 1');
  });

  it('a message cannot end the command early or start another one', () => {
    const line = annotation('error', 'x\n::error::injected', { title: 'a,b' });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe('::error title=a%2Cb::x%0A::error::injected');
  });
});
