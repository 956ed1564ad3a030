import { describe, expect, it } from 'vitest';
import { startupVerdict } from '../../../bench/classifier/run-classifier-bench.js';

const row = (command: string, median: number) => ({ command, samples: 5, seconds: { median, min: median, max: median, count: 5 } });

describe('startupVerdict', () => {
  it('says whether classify of 1 KiB is within the 250 ms target, and its cost over --help', () => {
    expect(startupVerdict([row('etl-cycle classify 1k.log', 0.2), row('etl-cycle --help', 0.15)])).toBe(
      'classify of 1 KiB: median 200 ms, within the 250 ms target; 50 ms more than --help',
    );
    expect(startupVerdict([row('etl-cycle classify 1k.log', 0.31)])).toBe('classify of 1 KiB: median 310 ms, over the 250 ms target');
    expect(startupVerdict([])).toBe('');
  });
});
