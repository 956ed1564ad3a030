/** The rebuild each iteration does: a clean slate first, converge afterwards — unless rebuild: always. */
import { describe, expect, it } from 'vitest';
import { carryOver, initialPlan } from '../../../agent/plan.js';
import { parseConfigText } from '../../../config/load-config.js';
import { services } from './planner-fixtures.js';

const configWith = (yaml: string) => parseConfigText(`orchestrator: { command: x }\n${yaml}\n`, '/p/etl-cycle.yaml');
const rebuilds = (yaml: string) => {
  const first = initialPlan(configWith(yaml), services);
  const second = carryOver(first);
  return [first.rebuild, second.rebuild, carryOver(second).rebuild];
};

describe('the rebuild of each iteration', () => {
  it('starts from a clean slate, then converges (the default)', () => {
    expect(configWith('').rebuild).toEqual({ mode: 'converge', firstIteration: 'clean' });
    expect(rebuilds('')).toEqual(['clean', 'converge', 'converge']);
  });

  it('rebuild: always recreates everything every iteration, as the short form or in full', () => {
    expect(configWith('rebuild: always').rebuild).toEqual({ mode: 'always', firstIteration: 'clean' });
    expect(rebuilds('rebuild: always')).toEqual(['clean', 'clean', 'clean']);
    expect(rebuilds('rebuild: { mode: always, first_iteration: converge }')).toEqual(['clean', 'clean', 'clean']);
  });

  it('first_iteration: converge keeps what an earlier run left, if it is current', () => {
    expect(rebuilds('rebuild: { first_iteration: converge }')).toEqual(['converge', 'converge', 'converge']);
  });

  it('a resume is for the next iteration only', () => {
    const plan = { ...initialPlan(configWith(''), services), resumeFrom: '20261203_120000_abcd' };
    expect(carryOver(plan).resumeFrom).toBeUndefined();
  });

  it('rejects an unknown mode with the field and what is allowed', () => {
    expect(() => configWith('rebuild: sometimes')).toThrow(
      '/p/etl-cycle.yaml:2: rebuild: expected one of converge, always, got "sometimes"',
    );
    expect(() => configWith('rebuild: { mode: fast }')).toThrow(
      '/p/etl-cycle.yaml:2: rebuild.mode: expected one of converge, always, got "fast"',
    );
  });
});
