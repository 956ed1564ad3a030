import { describe, expect, it } from 'vitest';
import { attributeTasks, LineTasks } from '../../../agent/attribute-task.js';
import { splitTaskLine } from '../../../core/task-line.js';
import type { PatternMatch } from '../../../patterns/types.js';

const m = (line: number, extra: Partial<PatternMatch> = {}): PatternMatch => ({
  class: 'missing_table',
  pattern: 'postgres.relation_missing',
  line,
  text: 'ERROR: x',
  captures: { table: 'etl.customers' },
  hint: 'h',
  source: 'orchestrator',
  ...extra,
});

describe('task attribution', () => {
  it("splits the built-in orchestrator's prefix off a line", () => {
    expect(splitTaskLine('[load_customers] ERROR:  relation "etl.customers" does not exist')).toEqual({
      task: 'load_customers',
      text: 'ERROR:  relation "etl.customers" does not exist',
    });
    expect(splitTaskLine('ERROR: plain')).toEqual({ text: 'ERROR: plain' });
    expect(splitTaskLine('[not a task] x')).toEqual({ text: '[not a task] x' });
  });

  it('names the task of the line a match is on, by line number', () => {
    const tasks = new LineTasks();
    expect(tasks.next('▶ create_schema')).toBe('▶ create_schema');
    expect(tasks.next('[create_schema] CREATE TABLE')).toBe('CREATE TABLE');
    tasks.skip();
    expect(tasks.next('[load] ERROR: x')).toBe('ERROR: x');
    const result = attributeTasks({ primary: 'missing_table', primaryMatch: m(4), matches: [m(2), m(3), m(4)] }, 'orchestrator', tasks);
    expect(result.primaryMatch?.captures).toEqual({ table: 'etl.customers', task: 'load' });
    expect(result.matches.map((x) => x.captures.task)).toEqual(['create_schema', undefined, 'load']);
  });

  it('leaves other sources and existing task captures alone', () => {
    const tasks = new LineTasks();
    tasks.next('[a] x');
    const out = attributeTasks(
      { primary: 'missing_table', matches: [m(1, { source: 'container:db' }), m(1, { captures: { task: 'b' } })] },
      'orchestrator',
      tasks,
    );
    expect(out.matches.map((x) => x.captures.task)).toEqual([undefined, 'b']);
  });
});
