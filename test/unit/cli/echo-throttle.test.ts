import { describe, expect, it } from 'vitest';
import { EchoThrottle } from '../../../cli/progress/echo-throttle.js';

function throttle(linesPerSecond = 3, keepLast = 2) {
  let now = 0;
  const out: string[] = [];
  const echo = new EchoThrottle((line, summary) => out.push(summary ? `SUMMARY ${line}` : line), {
    linesPerSecond,
    keepLast,
    now: () => now,
  });
  return { echo, out, tick: (ms: number) => (now += ms) };
}

describe('EchoThrottle', () => {
  it('echoes everything below the rate', () => {
    const { echo, out, tick } = throttle();
    for (let i = 0; i < 6; i += 1) {
      echo.line(`l${i}`);
      tick(400);
    }
    echo.flush();
    expect(out).toEqual(['l0', 'l1', 'l2', 'l3', 'l4', 'l5']);
  });

  it('summarizes a flood once per second and echoes the last lines held back', () => {
    const { echo, out, tick } = throttle();
    for (let i = 0; i < 10; i += 1) echo.line(`a${i}`);
    tick(1000);
    echo.line('b0');
    echo.flush();
    expect(out).toEqual(['a0', 'a1', 'a2', 'SUMMARY … 5 lines not shown (the orchestrator log has every line)', 'a8', 'a9', 'b0']);
    expect(echo.pending).toBe(0);
  });

  it('the error at the end of a burst is shown when the iteration ends', () => {
    const { echo, out } = throttle(2, 1);
    for (let i = 0; i < 1000; i += 1) echo.line(`row ${i}`);
    echo.line('ERROR: relation "orders" does not exist');
    echo.flush();
    expect(out.slice(-2)).toEqual([
      'SUMMARY … 998 lines not shown (the orchestrator log has every line)',
      'ERROR: relation "orders" does not exist',
    ]);
  });
});
