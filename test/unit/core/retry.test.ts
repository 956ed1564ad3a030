import { describe, expect, it } from 'vitest';
import { AbortedError, DockerError } from '../../../core/errors.js';
import { retry, RetryableFailure } from '../../../core/retry.js';
import type { RetryPolicy } from '../../../core/retry.js';

const delay = { initialMs: 1, factor: 2, maxMs: 4 };

/** Runs `retry` over a script of outcomes: 'ok' returns, 'wait'/'now' fail retryably (backoff / at once), anything else throws it. */
async function runScript(script: (string | Error)[], policy: Partial<RetryPolicy> = {}) {
  const delays: number[] = [];
  let calls = 0;
  const result = retry(
    async (attempt) => {
      calls += 1;
      const step = script[attempt - 1] ?? 'wait';
      if (step === 'ok') return `done at ${attempt}`;
      if (step === 'wait' || step === 'now') throw new RetryableFailure(`attempt ${attempt} failed`, attempt, step === 'now');
      throw step;
    },
    { attempts: script.length, delay, onRetry: ({ delayMs }) => void delays.push(delayMs), ...policy },
  );
  const settled = await result.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  return { ...settled, delays, calls: () => calls };
}

describe('retry (the one retry engine on p-retry)', () => {
  it('returns what the attempt returns, retrying typed failures with exponential waits up to the maximum', async () => {
    const run = await runScript(['wait', 'wait', 'wait', 'wait', 'ok']);
    expect(run.value).toBe('done at 5');
    expect(run.delays).toEqual([1, 2, 4, 4]);
  });

  it('throws the last failure when the attempts run out', async () => {
    const run = await runScript(['wait', 'wait', 'wait']);
    expect(run.error).toBeInstanceOf(RetryableFailure);
    expect((run.error as RetryableFailure).detail).toBe(3);
    expect(run.calls()).toBe(3);
    expect(run.delays).toEqual([1, 2]);
  });

  it('a retry at once neither waits nor grows the next wait, and still counts as an attempt', async () => {
    const run = await runScript(['now', 'wait', 'now', 'wait', 'ok']);
    expect(run.value).toBe('done at 5');
    expect(run.delays).toEqual([0, 1, 0, 2]);
    const exhausted = await runScript(['now', 'now', 'now']);
    expect(exhausted.error).toBeInstanceOf(RetryableFailure);
    expect(exhausted.calls()).toBe(3);
  });

  it('a bug escapes at once: no retry, no wait', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const run = await runScript([bug, 'ok'], { delay: { initialMs: 60_000, factor: 1, maxMs: 60_000 } });
    expect(run.error).toBe(bug);
    expect(run.calls()).toBe(1);
    expect(run.delays).toEqual([]);
  });

  it('an error of etl-cycle that is not a retryable failure is not retried either', async () => {
    const engine = new DockerError('inspect', 'engine gone');
    const run = await runScript([engine, 'ok']);
    expect(run.error).toBe(engine);
    expect(run.calls()).toBe(1);
  });

  it('cuts a wait to the time budget, and starts no attempt after it', async () => {
    const started = performance.now();
    const run = await runScript(['wait', 'wait', 'ok'], { delay: { initialMs: 60_000, factor: 1, maxMs: 60_000 }, budgetMs: 150 });
    expect(run.error).toBeInstanceOf(RetryableFailure);
    expect(run.delays[0]).toBeLessThanOrEqual(150);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('a signal during the wait ends it at once with the signal reason', async () => {
    const controller = new AbortController();
    const reason = new AbortedError('signal', 'SIGINT');
    const run = runScript(['wait', 'ok'], {
      delay: { initialMs: 60_000, factor: 1, maxMs: 60_000 },
      signal: controller.signal,
      onRetry: () => void setTimeout(() => controller.abort(reason), 20),
    });
    const { error, calls } = await run;
    expect(error).toBe(reason);
    expect(calls()).toBe(1);
  });
});
