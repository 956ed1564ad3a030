import { describe, expect, it } from 'vitest';
import { attributeTasks, taskOfLine } from '../../../agent/attribute-task.js';
import type { PatternMatch } from '../../../patterns/types.js';

const m = (text: string, extra: Partial<PatternMatch> = {}): PatternMatch =>
  ({ class: 'missing_table', pattern: 'postgres.relation_missing', line: 7, text, captures: { table: 'etl.customers' }, hint: 'h', source: 'orchestrator', ...extra });

describe('attributeTasks', () => {
  it('names the task of a prefixed orchestrator line', () => {
    const line = '[load_customers] ERROR:  relation "etl.customers" does not exist';
    expect(taskOfLine(line)).toBe('load_customers');
    const result = attributeTasks({ primary: 'missing_table', primaryMatch: m(line), matches: [m(line)] });
    expect(result.primaryMatch?.captures).toEqual({ table: 'etl.customers', task: 'load_customers' });
    expect(result.matches[0]!.captures.task).toBe('load_customers');
  });

  it('leaves unprefixed lines, other sources and existing task captures alone', () => {
    expect(attributeTasks({ primary: 'missing_table', matches: [m('ERROR: x')] }).matches[0]!.captures.task).toBeUndefined();
    expect(attributeTasks({ primary: 'missing_table', matches: [m('[db] x', { source: 'container:db' })] }).matches[0]!.captures.task).toBeUndefined();
    expect(attributeTasks({ primary: 'missing_table', matches: [m('[a] x', { captures: { task: 'b' } })] }).matches[0]!.captures.task).toBe('b');
  });
});
