/**
 * Outcome of a shell contender from its exit and the marker lines it prints
 * ("bench-contender: attempt N", "... green", "... gave up ...").
 */
import type { TimedRun } from '../support/run-timed.js';
import type { Interpretation } from './types.js';

export function interpretShellLoop(run: Pick<TimedRun, 'exitCode' | 'signal' | 'timedOut' | 'output'>): Interpretation {
  const iterations = (run.output.match(/^bench-contender: attempt \d+$/gm) ?? []).length;
  if (run.timedOut) return { outcome: 'timeout', iterations, detail: 'killed at the hard time limit' };
  if (run.exitCode === 0 && /^bench-contender: green$/m.test(run.output)) return { outcome: 'green', iterations, detail: null };
  const gaveUp = /^bench-contender: (gave up.*)$/m.exec(run.output);
  if (gaveUp) return { outcome: 'gave-up', iterations, detail: gaveUp[1]! };
  return { outcome: 'error', iterations, detail: `exited with ${run.signal ?? `code ${run.exitCode}`} without a result line` };
}
